// SHA-256, HMAC-SHA-256 and constant-time comparison through OpenSSL.
#include "crypto/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace orggate::crypto {

namespace {

// OpenSSL 3 looks the algorithm up again, under a lock, on every one-shot SHA256() call (a
// logged-in page hashes its session id). Fetched once, the handle is read-only and shared.
const EVP_MD* sha256_algorithm() {
    static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    if (algorithm == nullptr) throw std::runtime_error("OpenSSL has no SHA-256");
    return algorithm;
}

}  // namespace

std::string sha256(std::string_view data) {
    std::string out(SHA256_DIGEST_LENGTH, '\0');
    if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), nullptr,
                   sha256_algorithm(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    std::string out(SHA256_DIGEST_LENGTH, '\0');
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(),
             reinterpret_cast<unsigned char*>(out.data()), &length) == nullptr) {
        throw std::runtime_error("HMAC-SHA-256 failed");
    }
    out.resize(length);
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace orggate::crypto
