// Whether a GitHub webhook delivery's X-Hub-Signature-256 header signs its body with our secret.
#pragma once

#include <string_view>

namespace orggate::webhook {

enum class SignatureCheck {
    kValid,      // HMAC-SHA256(secret, body) is what the header says
    kMissing,    // no header value at all (or no secret configured: nothing can be valid)
    kMalformed,  // not "sha256=" followed by exactly 64 lower-case hex digits
    kMismatch,   // well formed, but signed with another secret or over other bytes
};

// `header` is the X-Hub-Signature-256 value as received (surrounding spaces and tabs are
// ignored), `body` the exact bytes of the request body, before any parsing. The digests are
// compared with CRYPTO_memcmp; the header's form is checked before and does not depend on the
// secret. Only kValid may be acted on; the others are all answered 401 and logged by name.
SignatureCheck check_webhook_signature(std::string_view secret, std::string_view body,
                                       std::string_view header);

// "valid", "missing", "malformed", "mismatch": for the log and the metrics.
const char* signature_check_name(SignatureCheck check);

}  // namespace orggate::webhook
