// Reading the Cookie header and writing Set-Cookie.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orggate::http {

// The value of cookie `name` in a Cookie request header; the first one wins.
std::optional<std::string> find_cookie(std::string_view header, std::string_view name);

struct CookieOptions {
    bool secure = false;  // only over https
    bool expire = false;  // tell the browser to drop it now
    std::string_view path = "/";
    std::int64_t max_age = -1;  // seconds; negative: until the browser closes
};

// A Set-Cookie value with HttpOnly and SameSite=Lax always. `value` must already be
// cookie-safe (orggate only sends base64url values).
std::string set_cookie(std::string_view name, std::string_view value, CookieOptions options);

}  // namespace orggate::http
