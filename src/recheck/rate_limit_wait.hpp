// How long GitHub asks a client to wait before its next call: Retry-After, X-RateLimit-*.
#pragma once

#include <cstdint>
#include <optional>

#include "github/http_client.hpp"

namespace orggate::recheck {

// No wait GitHub asks for is taken as longer than this: a bogus header cannot overflow a time
// or park a user's checks for ever (ORGGATE_RECHECK_GRACE ends their access long before).
constexpr std::int64_t kMaxRateLimitWait = 24 * 3600;
// GitHub's advice for a secondary rate limit that names no time: wait at least a minute.
constexpr std::int64_t kDefaultRateLimitWait = 60;

// For a 403 or 429 that is a rate limit, the Unix time before which no call with that token may
// be made, following GitHub's "best practices": Retry-After seconds first; else, with
// X-RateLimit-Remaining 0, X-RateLimit-Reset; else (a 429, or a 403 whose message says "rate
// limit") one minute. nullopt for any other answer. Always after `now`.
std::optional<std::int64_t> rate_limited_until(const github::HttpAnswer& answer, std::int64_t now);

// For any answer with X-RateLimit-Remaining 0 (a 200 too: the call was the last one allowed),
// X-RateLimit-Reset when it is after `now`; otherwise nullopt.
std::optional<std::int64_t> quota_resets_at(const github::HttpAnswer& answer, std::int64_t now);

}  // namespace orggate::recheck
