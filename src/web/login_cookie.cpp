// Sealing and opening the pending-login cookie.
#include "web/login_cookie.hpp"

#include "http/cookie.hpp"

namespace orggate::web {

PendingLogins read_login_cookie(const crypto::SealedBox& box,
                                const std::optional<std::string>& cookie) {
    if (!cookie) return {};
    const std::optional<std::string> text = box.open(*cookie);
    return text ? decode_pending_logins(*text) : PendingLogins{};
}

std::string login_cookie(const crypto::SealedBox& box, const PendingLogins& logins, bool https) {
    http::CookieOptions options;
    options.secure = https;
    options.path = "/login";
    if (logins.empty()) {
        options.expire = true;
        return http::set_cookie(kLoginCookie, "", options);
    }
    options.max_age = kPendingLoginLifetime;
    return http::set_cookie(kLoginCookie, box.seal(encode_pending_logins(logins)), options);
}

}  // namespace orggate::web
