// Reading GitHub's rate-limit headers into a time, bounded, never throwing.
#include "recheck/rate_limit_wait.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "github/github_json.hpp"
#include "http/text.hpp"

namespace orggate::recheck {
namespace {

// A header of decimal digits only (no sign, no date), or nullopt.
std::optional<std::int64_t> header_number(const github::HttpAnswer& answer, const char* name) {
    const std::string value = answer.header(name);
    const std::string_view digits = http::trim_spaces(value);
    if (digits.empty() || digits.size() > 18) return std::nullopt;
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size() || number < 0) {
        return std::nullopt;
    }
    return number;
}

std::int64_t bounded_wait_until(std::int64_t now, std::int64_t seconds) {
    return now + std::clamp<std::int64_t>(seconds, 1, kMaxRateLimitWait);
}

bool says_rate_limit(const github::HttpAnswer& answer) {
    return github::parse_error_message(answer.body).find("rate limit") != std::string::npos;
}

}  // namespace

std::optional<std::int64_t> quota_resets_at(const github::HttpAnswer& answer, std::int64_t now) {
    if (answer.transport != github::Transport::kOk) return std::nullopt;
    if (header_number(answer, "x-ratelimit-remaining") != 0) return std::nullopt;
    const auto reset = header_number(answer, "x-ratelimit-reset");
    if (!reset || *reset <= now) return std::nullopt;
    return bounded_wait_until(now, *reset - now);
}

std::optional<std::int64_t> rate_limited_until(const github::HttpAnswer& answer, std::int64_t now) {
    if (answer.transport != github::Transport::kOk) return std::nullopt;
    if (answer.status != 403 && answer.status != 429) return std::nullopt;
    if (const auto seconds = header_number(answer, "retry-after")) {
        return bounded_wait_until(now, *seconds);
    }
    const bool exhausted = header_number(answer, "x-ratelimit-remaining") == 0;
    if (exhausted) {
        if (const auto reset = quota_resets_at(answer, now)) return reset;
    }
    if (exhausted || answer.status == 429 || says_rate_limit(answer)) {
        return now + kDefaultRateLimitWait;
    }
    return std::nullopt;
}

}  // namespace orggate::recheck
