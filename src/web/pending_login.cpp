// Pending logins as "login:STATE" values in the session, encoded like a query string.
#include "web/pending_login.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "crypto/encoding.hpp"
#include "http/query.hpp"

namespace orggate::web {
namespace {

constexpr const char* kPrefix = "login:";
constexpr std::size_t kStateLength = 43;

std::string encode(const PendingLogin& login) {
    return http::encode_params({{"v", login.verifier},
                                {"n", login.next},
                                {"r", login.redirect_uri},
                                {"t", std::to_string(login.started_at)},
                                {"q", std::to_string(login.sequence)}});
}

template <typename Number>
std::optional<Number> parse_number(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    Number value{};
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (error != std::errc() || stop != end) return std::nullopt;
    return value;
}

std::optional<PendingLogin> decode(const std::string& text) {
    const http::Params params = http::parse_params(text);
    const auto verifier = http::find_param(params, "v");
    const auto next = http::find_param(params, "n");
    const auto redirect_uri = http::find_param(params, "r");
    const auto started_at = parse_number<std::int64_t>(http::find_param(params, "t"));
    const auto sequence = parse_number<std::uint64_t>(http::find_param(params, "q"));
    if (!verifier || !next || !redirect_uri || !started_at || !sequence) return std::nullopt;
    return PendingLogin{*verifier, *next, *redirect_uri, *started_at, *sequence};
}

bool is_fresh(const PendingLogin& login, std::int64_t now) {
    // Compared without subtracting a stored time, which a tampered file could make overflow.
    return login.started_at <= now && login.started_at > now - kPendingLoginLifetime;
}

bool is_pending_key(const std::string& key) {
    return key.rfind(kPrefix, 0) == 0;
}

}  // namespace

void add_pending_login(Session& session, const std::string& state, const PendingLogin& login,
                       std::int64_t now) {
    std::vector<std::pair<std::uint64_t, std::string>> kept;  // (sequence, key)
    for (auto it = session.values.begin(); it != session.values.end();) {
        if (!is_pending_key(it->first)) {
            ++it;
            continue;
        }
        const std::optional<PendingLogin> old = decode(it->second);
        if (old && is_fresh(*old, now)) {
            kept.emplace_back(old->sequence, it->first);
            ++it;
        } else {
            it = session.values.erase(it);
        }
    }
    // Seconds cannot order logins started in the same second; the sequence can.
    std::sort(kept.begin(), kept.end());
    for (std::size_t i = 0; i + kMaxPendingLogins <= kept.size(); ++i) {
        session.values.erase(kept[i].second);
    }
    PendingLogin stored = login;
    stored.sequence = kept.empty() ? 1 : kept.back().first + 1;
    session.values[kPrefix + state] = encode(stored);
}

std::optional<PendingLogin> take_pending_login(Session& session, const std::string& state,
                                               std::int64_t now) {
    if (state.size() != kStateLength || !crypto::is_base64url(state)) return std::nullopt;
    const auto it = session.values.find(kPrefix + state);
    if (it == session.values.end()) return std::nullopt;
    std::optional<PendingLogin> login = decode(it->second);
    session.values.erase(it);
    if (!login || !is_fresh(*login, now)) return std::nullopt;
    return login;
}

}  // namespace orggate::web
