// The sealed cookie that carries a browser's pending logins: only the browser that started a
// login can finish it, and starting one leaves nothing on the server.
#pragma once

#include <optional>
#include <string>

#include "crypto/sealed_box.hpp"
#include "web/pending_login.hpp"

namespace orggate::web {

constexpr const char* kLoginCookie = "orggate_login";

// The logins in the browser's cookie; none if it is missing or does not open with `box`.
PendingLogins read_login_cookie(const crypto::SealedBox& box,
                                const std::optional<std::string>& cookie);

// The Set-Cookie that makes the browser hold `logins`, or drop the cookie when there are none.
// Path=/login: the cookie goes only to /login and /login/authorized, and lives ten minutes.
std::string login_cookie(const crypto::SealedBox& box, const PendingLogins& logins, bool https);

}  // namespace orggate::web
