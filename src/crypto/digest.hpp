// SHA-256, HMAC-SHA-256 and constant-time comparison (OpenSSL).
#pragma once

#include <string>
#include <string_view>

namespace orggate::crypto {

// Raw 32-byte digest.
std::string sha256(std::string_view data);
// Raw 32-byte MAC.
std::string hmac_sha256(std::string_view key, std::string_view data);
// Compares secrets without leaking where they differ (CRYPTO_memcmp); false on length mismatch.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace orggate::crypto
