// Names of the values orggate keeps in Session::values.
#pragma once

namespace orggate::web {

// Random token the logout form must echo (set at login).
constexpr const char* kCsrfTokenKey = "csrf_token";

}  // namespace orggate::web
