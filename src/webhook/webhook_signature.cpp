// Checking X-Hub-Signature-256: the header's form first, then the MAC in constant time.
#include "webhook/webhook_signature.hpp"

#include <optional>
#include <string>

#include "crypto/digest.hpp"
#include "http/text.hpp"

namespace orggate::webhook {
namespace {

constexpr std::string_view kPrefix = "sha256=";
constexpr std::size_t kDigestBytes = 32;

int lower_hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// The 32 raw bytes the header names; nullopt unless it is exactly "sha256=" + 64 lower-case hex
// digits. Only the attacker's own header decides how far this reads, never the secret.
std::optional<std::string> claimed_digest(std::string_view header) {
    if (header.size() != kPrefix.size() + 2 * kDigestBytes) return std::nullopt;
    if (header.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    const std::string_view hex = header.substr(kPrefix.size());
    std::string digest(kDigestBytes, '\0');
    for (std::size_t i = 0; i < kDigestBytes; ++i) {
        const int high = lower_hex_value(hex[2 * i]);
        const int low = lower_hex_value(hex[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        digest[i] = static_cast<char>(high * 16 + low);
    }
    return digest;
}

}  // namespace

SignatureCheck check_webhook_signature(std::string_view secret, std::string_view body,
                                       std::string_view header) {
    header = http::trim_spaces(header);
    // Without a secret the endpoint must not exist; should it be reached anyway, nothing passes.
    if (header.empty() || secret.empty()) return SignatureCheck::kMissing;
    const std::optional<std::string> claimed = claimed_digest(header);
    if (!claimed) return SignatureCheck::kMalformed;
    const std::string expected = crypto::hmac_sha256(secret, body);
    return crypto::constant_time_equal(expected, *claimed) ? SignatureCheck::kValid
                                                           : SignatureCheck::kMismatch;
}

const char* signature_check_name(SignatureCheck check) {
    switch (check) {
        case SignatureCheck::kValid:
            return "valid";
        case SignatureCheck::kMissing:
            return "missing";
        case SignatureCheck::kMalformed:
            return "malformed";
        case SignatureCheck::kMismatch:
            break;
    }
    return "mismatch";
}

}  // namespace orggate::webhook
