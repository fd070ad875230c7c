// Pending logins as lines "s=STATE&v=VERIFIER&n=NEXT&t=STARTED", encoded like a query string.
#include "web/pending_login.hpp"

#include <algorithm>
#include <charconv>

#include "crypto/encoding.hpp"
#include "http/query.hpp"

namespace orggate::web {
namespace {

constexpr std::size_t kStateLength = 43;

bool is_valid_state(std::string_view state) {
    return state.size() == kStateLength && crypto::is_base64url(state);
}

std::string encode(const PendingLogin& login) {
    return http::encode_params({{"s", login.state},
                                {"v", login.verifier},
                                {"n", login.next},
                                {"t", std::to_string(login.started_at)}});
}

std::optional<std::int64_t> parse_time(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    std::int64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (error != std::errc() || stop != end) return std::nullopt;
    return value;
}

std::optional<PendingLogin> decode(std::string_view line) {
    const http::Params params = http::parse_params(line);
    auto state = http::find_param(params, "s");
    auto verifier = http::find_param(params, "v");
    auto next = http::find_param(params, "n");
    const auto started_at = parse_time(http::find_param(params, "t"));
    if (!state || !is_valid_state(*state) || !verifier || !next || !started_at) {
        return std::nullopt;
    }
    return PendingLogin{std::move(*state), std::move(*verifier), std::move(*next), *started_at};
}

bool is_fresh(const PendingLogin& login, std::int64_t now) {
    // Compared without subtracting a stored time, which a tampered value could make overflow.
    return login.started_at <= now && login.started_at > now - kPendingLoginLifetime;
}

}  // namespace

void add_pending_login(PendingLogins& logins, PendingLogin login, std::int64_t now) {
    logins.erase(std::remove_if(logins.begin(), logins.end(),
                                [&](const PendingLogin& old) {
                                    return !is_fresh(old, now) || old.state == login.state;
                                }),
                 logins.end());
    logins.push_back(std::move(login));
    if (logins.size() > kMaxPendingLogins) {
        logins.erase(logins.begin(), logins.end() - kMaxPendingLogins);
    }
    // The newest login always stays: the route caps the one field that can be long (next).
    while (logins.size() > 1 && encode_pending_logins(logins).size() > kMaxPendingLoginsBytes) {
        logins.erase(logins.begin());
    }
}

std::optional<PendingLogin> take_pending_login(PendingLogins& logins, std::string_view state,
                                               std::int64_t now) {
    if (!is_valid_state(state)) return std::nullopt;
    const auto matches = [&](const PendingLogin& login) { return login.state == state; };
    const auto it = std::find_if(logins.begin(), logins.end(), matches);
    if (it == logins.end()) return std::nullopt;
    PendingLogin login = *it;  // a copy: the erase below still has to recognise the original
    // Every copy goes, so no list, however it was made, lets a state work twice.
    logins.erase(std::remove_if(logins.begin(), logins.end(), matches), logins.end());
    if (!is_fresh(login, now)) return std::nullopt;
    return login;
}

std::string encode_pending_logins(const PendingLogins& logins) {
    std::string text;
    for (const PendingLogin& login : logins) {
        if (!text.empty()) text += '\n';
        text += encode(login);
    }
    return text;
}

PendingLogins decode_pending_logins(std::string_view text) {
    PendingLogins logins;
    while (!text.empty() && logins.size() < kMaxPendingLogins) {
        const auto newline = text.find('\n');
        if (auto login = decode(text.substr(0, newline))) logins.push_back(std::move(*login));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    }
    return logins;
}

}  // namespace orggate::web
