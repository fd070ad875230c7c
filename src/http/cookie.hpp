// Reading the Cookie header and writing Set-Cookie.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orggate::http {

// The value of cookie `name` in a Cookie request header; the first one wins.
std::optional<std::string> find_cookie(std::string_view header, std::string_view name);

// Every cookie whose name starts with `prefix`, as (name, value), in header order; at most
// `limit` of them, so a header stuffed with cookies costs no more than that.
std::vector<std::pair<std::string, std::string>> find_cookies_with_prefix(std::string_view header,
                                                                          std::string_view prefix,
                                                                          std::size_t limit);

// The Cookie header without the cookies whose name starts with `prefix`, for an upstream that
// must not see them: every other piece kept as the browser sent it (spaces around it trimmed,
// one it could not parse included: its reader is the upstream's), re-joined with "; ". A piece
// with a control character (CR, LF, NUL, ...) is dropped, so the result is always a safe header
// value. Names compare exactly, as find_cookie reads them.
std::string cookies_without_prefix(std::string_view header, std::string_view prefix);

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
