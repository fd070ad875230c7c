// Where a browser may be sent after login: only paths on this site.
#pragma once

#include <string_view>

namespace orggate::http {

// True for a same-site absolute path such as "/page1?x=1": it starts with one "/", is not
// "//host" or "/\host", and holds no backslash, control character, space or scheme.
bool is_safe_return_path(std::string_view path);

}  // namespace orggate::http
