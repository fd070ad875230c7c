// What GitHub's answer to a background re-check of GET /user/memberships/orgs/{org} means.
#pragma once

#include <cstdint>
#include <string>

#include "github/github_client.hpp"
#include "github/http_client.hpp"

namespace orggate::recheck {

enum class RecheckOutcome {
    kActive,         // still an active member
    kNotModified,    // 304 to If-None-Match: as the last 200, which (the session exists) was active
    kPending,        // only an invitation is pending
    kNotMember,      // 404, or a state other than active/pending
    kTokenRevoked,   // 401 (GitHub says "Bad credentials"): the token no longer works
    kSamlEnforced,   // 403 for SAML single sign-on
    kAppRestricted,  // 403 for OAuth App access restrictions
    kRateLimited,    // 403/429 rate limit, primary or secondary: try again at retry_at
    kUnavailable,    // no usable answer: network, 5xx, or an answer that cannot be read
};

struct RecheckAnswer {
    RecheckOutcome outcome = RecheckOutcome::kUnavailable;
    // Unix time before which this user's token must not call GitHub again: the rate limit's end
    // for kRateLimited; for any other outcome X-RateLimit-Reset when the quota is used up, or 0.
    std::int64_t retry_at = 0;
    // kActive: the ETag to send as If-None-Match next time (store it only from kActive, so that a
    // 304 always means "active"); empty when GitHub sent none.
    std::string etag;
    std::string detail;  // for the log: "HTTP 503", "HTTP 401 Bad credentials"; never a token
};

// `answer` is what the HTTP client returned for the call (sent with If-None-Match when an ETag
// is stored); `now` the Unix time it arrived, for Retry-After. Never throws.
RecheckAnswer classify_recheck_answer(const github::HttpAnswer& answer, std::int64_t now);

// The check after the GET /user/teams that follows an active (or 304) `membership` answer.
// A teams call that failed is read as a membership answer would be: a 403/429 rate limit
// (Retry-After, X-RateLimit-*) is the token's, so kRateLimited with its retry_at; any other
// failure kUnavailable; either way with fetch_teams's log message as the detail. A list that
// was read leaves `membership` as it is, but a quota it used up delays the next check.
RecheckAnswer with_teams_answer(RecheckAnswer membership, const github::TeamsResult& teams,
                                std::int64_t now);

// "active", "not_modified", "pending", "not_member", "token_revoked", "saml", "app_restricted",
// "rate_limited", "unavailable": stable labels for /metrics and the log.
const char* recheck_outcome_name(RecheckOutcome outcome);

}  // namespace orggate::recheck
