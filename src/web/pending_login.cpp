// A pending login as one query-string-like line.
#include "web/pending_login.hpp"

#include <charconv>

#include "crypto/encoding.hpp"
#include "http/query.hpp"

namespace orggate::web {
namespace {

std::optional<std::int64_t> parse_time(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    std::int64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (error != std::errc() || stop != end) return std::nullopt;
    return value;
}

}  // namespace

bool is_valid_state(std::string_view state) {
    return state.size() == kStateLength && crypto::is_base64url(state);
}

bool is_fresh(const PendingLogin& login, std::int64_t now) {
    // Compared without subtracting a stored time, which a tampered value could make overflow.
    return login.started_at <= now && login.started_at > now - kPendingLoginLifetime;
}

std::string encode_pending_login(const PendingLogin& login) {
    return http::encode_params({{"s", login.state},
                                {"v", login.verifier},
                                {"n", login.next},
                                {"t", std::to_string(login.started_at)}});
}

std::optional<PendingLogin> decode_pending_login(std::string_view text) {
    const http::Params params = http::parse_params(text);
    auto state = http::find_param(params, "s");
    auto verifier = http::find_param(params, "v");
    auto next = http::find_param(params, "n");
    const auto started_at = parse_time(http::find_param(params, "t"));
    if (!state || !is_valid_state(*state) || !verifier || !next || !started_at) {
        return std::nullopt;
    }
    return PendingLogin{std::move(*state), std::move(*verifier), std::move(*next), *started_at};
}

}  // namespace orggate::web
