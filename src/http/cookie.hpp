// Reading the Cookie header and writing Set-Cookie.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orggate::http {

// The value of cookie `name` in a Cookie request header; the first one wins.
std::optional<std::string> find_cookie(std::string_view header, std::string_view name);

struct CookieOptions {
    bool secure = false;  // only over https
    bool expire = false;  // tell the browser to drop it now
};

// A Set-Cookie value with HttpOnly, SameSite=Lax and Path=/ always. `value` must already be
// cookie-safe (orggate only stores base64url ids).
std::string set_cookie(std::string_view name, std::string_view value, CookieOptions options);

}  // namespace orggate::http
