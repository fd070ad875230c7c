// Authenticated encryption of small secrets at rest (AES-256-GCM), keyed from APP_SECRET_KEY
// and, while a rotation is under way, APP_SECRET_KEY_PREVIOUS.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orggate::crypto {

class SealedBox {
public:
    // Derives each key as HMAC-SHA-256(secret, purpose), so one APP_SECRET_KEY can serve
    // several purposes without reusing a key.
    SealedBox(std::string_view secret, std::string_view purpose);
    // `secrets`: the current one first, then older ones that still open what they sealed.
    // Sealing always uses the first. Throws std::invalid_argument when `secrets` is empty.
    SealedBox(const std::vector<std::string>& secrets, std::string_view purpose);

    // base64url(nonce | ciphertext | tag) under the current key, with a fresh random 96-bit
    // nonce.
    std::string seal(std::string_view plaintext) const;
    // nullopt if the text was sealed with none of the keys or was altered.
    std::optional<std::string> open(std::string_view sealed) const;

    // A short public name of the current key (11 base64url characters, HMAC-derived from the
    // key, so it tells nothing of it): stored beside a sealed value, it says which key sealed
    // it without trying to open it.
    const std::string& key_id() const { return keys_.front().id; }
    // True if `id` names the current key or one of the older ones.
    bool has_key(std::string_view id) const;

private:
    struct Key {
        std::string secret;  // the derived AES-256 key
        std::string id;
    };
    std::vector<Key> keys_;  // the current one first
};

}  // namespace orggate::crypto
