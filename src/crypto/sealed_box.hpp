// Authenticated encryption of small secrets at rest (AES-256-GCM), keyed from APP_SECRET_KEY.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orggate::crypto {

class SealedBox {
public:
    // Derives the key as HMAC-SHA-256(secret, purpose), so one APP_SECRET_KEY can serve
    // several purposes without reusing a key.
    SealedBox(std::string_view secret, std::string_view purpose);

    // base64url(nonce | ciphertext | tag), with a fresh random 96-bit nonce.
    std::string seal(std::string_view plaintext) const;
    // nullopt if the text was not sealed with this key or was altered.
    std::optional<std::string> open(std::string_view sealed) const;

private:
    std::string key_;
};

}  // namespace orggate::crypto
