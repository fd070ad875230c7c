// Sealing, opening and pruning the pending-login cookies.
#include "web/login_cookie.hpp"

#include <algorithm>

#include "http/cookie.hpp"

namespace orggate::web {
namespace {

constexpr std::size_t kNameStateCharacters = 8;
// More login cookies than anyone's tabs make are not even looked at.
constexpr std::size_t kMaxLoginCookiesRead = 16;

http::CookieOptions login_cookie_options(bool https) {
    http::CookieOptions options;
    options.secure = https;
    options.path = "/login";
    return options;
}

std::string expired(const std::string& name, bool https) {
    http::CookieOptions options = login_cookie_options(https);
    options.expire = true;
    return http::set_cookie(name, "", options);
}

std::optional<PendingLogin> open_login(const crypto::SealedBox& box, std::string_view sealed) {
    const std::optional<std::string> text = box.open(sealed);
    return text ? decode_pending_login(*text) : std::nullopt;
}

}  // namespace

std::string login_cookie_name(std::string_view state) {
    return kLoginCookiePrefix + std::string(state.substr(0, kNameStateCharacters));
}

std::vector<std::string> start_login_cookies(const crypto::SealedBox& box,
                                             std::string_view cookie_header,
                                             const PendingLogin& login, std::int64_t now,
                                             bool https) {
    std::vector<std::string> lines;
    std::vector<std::pair<std::int64_t, std::string>> kept;  // (started_at, name)
    for (const auto& [name, value] :
         http::find_cookies_with_prefix(cookie_header, kLoginCookiePrefix, kMaxLoginCookiesRead)) {
        const std::optional<PendingLogin> old = open_login(box, value);
        if (old && is_fresh(*old, now) && name == login_cookie_name(old->state)) {
            kept.emplace_back(old->started_at, name);
        } else {
            lines.push_back(expired(name, https));
        }
    }
    // The oldest go first; the new login always stays.
    std::sort(kept.begin(), kept.end());
    for (std::size_t i = 0; i + kMaxPendingLogins <= kept.size(); ++i)
        lines.push_back(expired(kept[i].second, https));

    http::CookieOptions options = login_cookie_options(https);
    options.max_age = kPendingLoginLifetime;
    lines.push_back(http::set_cookie(login_cookie_name(login.state),
                                     box.seal(encode_pending_login(login)), options));
    return lines;
}

std::optional<PendingLogin> find_pending_login(const crypto::SealedBox& box,
                                               std::string_view cookie_header,
                                               std::string_view state, std::int64_t now) {
    if (!is_valid_state(state)) return std::nullopt;
    const std::optional<std::string> sealed =
        http::find_cookie(cookie_header, login_cookie_name(state));
    if (!sealed) return std::nullopt;
    std::optional<PendingLogin> login = open_login(box, *sealed);
    if (!login || login->state != state || !is_fresh(*login, now)) return std::nullopt;
    return login;
}

std::string spent_login_cookie(std::string_view state, bool https) {
    return expired(login_cookie_name(state), https);
}

}  // namespace orggate::web
