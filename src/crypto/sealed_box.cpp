// AES-256-GCM through OpenSSL's EVP interface.
#include "crypto/sealed_box.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"

namespace orggate::crypto {
namespace {

constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
// 64 bits: two keys of one box never share an id, and the id stays short in a session file.
constexpr std::size_t kKeyIdBytes = 8;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() {
    CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!context) throw std::runtime_error("cannot allocate a cipher context");
    return context;
}

const unsigned char* bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

unsigned char* bytes(std::string& text) {
    return reinterpret_cast<unsigned char*>(text.data());
}

// The AES-GCM open of one key; nullopt if that key did not seal `raw` or it was altered.
std::optional<std::string> open_with(const std::string& key, const std::string& raw) {
    const std::size_t text_size = raw.size() - kNonceBytes - kTagBytes;
    std::string tag = raw.substr(kNonceBytes + text_size);
    std::string plaintext(text_size, '\0');
    CipherContext context = new_context();
    int length = 0;
    const bool ok =
        EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(raw)) ==
            1 &&
        EVP_DecryptUpdate(context.get(), bytes(plaintext), &length, bytes(raw) + kNonceBytes,
                          static_cast<int>(text_size)) == 1 &&
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
        EVP_DecryptFinal_ex(context.get(), bytes(plaintext) + length, &length) == 1;
    if (!ok) return std::nullopt;
    return plaintext;
}

}  // namespace

SealedBox::SealedBox(std::string_view secret, std::string_view purpose)
    : SealedBox(std::vector<std::string>{std::string(secret)}, purpose) {}

SealedBox::SealedBox(const std::vector<std::string>& secrets, std::string_view purpose) {
    if (secrets.empty()) throw std::invalid_argument("a sealed box needs at least one key");
    for (const std::string& secret : secrets) {
        std::string key = hmac_sha256(secret, purpose);
        std::string id =
            base64url_encode(hmac_sha256(key, "orggate key id").substr(0, kKeyIdBytes));
        keys_.push_back({std::move(key), std::move(id)});
    }
}

bool SealedBox::has_key(std::string_view id) const {
    return std::any_of(keys_.begin(), keys_.end(), [id](const Key& key) { return key.id == id; });
}

std::string SealedBox::seal(std::string_view plaintext) const {
    std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
    if (RAND_bytes(bytes(out), kNonceBytes) != 1) throw std::runtime_error("RAND_bytes failed");
    CipherContext context = new_context();
    int length = 0;
    const bool ok =
        EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytes(keys_.front().secret),
                           bytes(out)) == 1 &&
        EVP_EncryptUpdate(context.get(), bytes(out) + kNonceBytes, &length, bytes(plaintext),
                          static_cast<int>(plaintext.size())) == 1 &&
        EVP_EncryptFinal_ex(context.get(), bytes(out) + kNonceBytes + length, &length) == 1 &&
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                            bytes(out) + kNonceBytes + plaintext.size()) == 1;
    if (!ok) throw std::runtime_error("AES-256-GCM encryption failed");
    return base64url_encode(out);
}

// Tries the current key first: outside a rotation it is the only one, and during one most
// values are already sealed under it.
std::optional<std::string> SealedBox::open(std::string_view sealed) const {
    const std::optional<std::string> raw = base64url_decode(sealed);
    if (!raw || raw->size() < static_cast<std::size_t>(kNonceBytes + kTagBytes)) {
        return std::nullopt;
    }
    for (const Key& key : keys_) {
        if (auto plaintext = open_with(key.secret, *raw)) return plaintext;
    }
    return std::nullopt;
}

}  // namespace orggate::crypto
