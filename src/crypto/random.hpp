// Unpredictable bytes and tokens from OpenSSL's CSPRNG, behind a small interface for tests.
#pragma once

#include <cstddef>
#include <string>

namespace orggate::crypto {

// Source of secret random tokens; the real one is OpenSSL, tests use a scripted one.
class TokenSource {
public:
    virtual ~TokenSource() = default;
    // Returns `bytes` random bytes encoded as unpadded base64url.
    virtual std::string token(std::size_t bytes) = 0;
};

// RAND_bytes-backed token source. Throws std::runtime_error if the CSPRNG fails.
class OpenSslTokenSource final : public TokenSource {
public:
    std::string token(std::size_t bytes) override;
};

}  // namespace orggate::crypto
