// Where a browser may be sent after login: only paths on this site.
#pragma once

#include <cstddef>
#include <string_view>

namespace orggate::http {

// The longest return path kept, in bytes: a protected URL with a long query comes back whole.
// It travels in the login cookie, which must stay inside a browser's 4 KB per cookie: 2,000
// plain bytes take about 2,870 there, percent-encoded, sealed and base64url'd (the login also
// refuses a shorter path whose %XX escapes would not fit, src/web/login.cpp).
constexpr std::size_t kMaxReturnPathBytes = 2000;

// True for a same-site absolute path such as "/page1?x=1": it starts with one "/", is not
// "//host" or "/\host", holds no backslash, control character, space or scheme, and is at
// most kMaxReturnPathBytes long.
bool is_safe_return_path(std::string_view path);

}  // namespace orggate::http
