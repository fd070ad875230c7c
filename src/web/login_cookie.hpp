// The sealed cookies that carry a browser's pending logins, one cookie per login: only the
// browser that started a login can finish it, starting one leaves nothing on the server, and
// tabs that start logins at the same moment do not overwrite each other's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sealed_box.hpp"
#include "web/pending_login.hpp"

namespace orggate::web {

constexpr const char* kLoginCookiePrefix = "orggate_login_";
constexpr std::size_t kMaxPendingLogins = 5;

// orggate_login_ plus the state's first 8 characters: a name per login, nothing secret in it.
std::string login_cookie_name(std::string_view state);

// The Set-Cookie lines that start `login` in a browser whose Cookie header is `cookie_header`:
// the login's own cookie (Path=/login, ten minutes), and the expiry of every login cookie the
// browser holds that is forged, stale, or the oldest beyond kMaxPendingLogins.
std::vector<std::string> start_login_cookies(const crypto::SealedBox& box,
                                             std::string_view cookie_header,
                                             const PendingLogin& login, std::int64_t now,
                                             bool https);

// The login of `state`, from its cookie, if the cookie opens, names that state and is fresh.
std::optional<PendingLogin> find_pending_login(const crypto::SealedBox& box,
                                               std::string_view cookie_header,
                                               std::string_view state, std::int64_t now);

// The Set-Cookie that drops the cookie of `state` (a state works once).
std::string spent_login_cookie(std::string_view state, bool https);

}  // namespace orggate::web
