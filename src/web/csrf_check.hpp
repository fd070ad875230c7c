// The CSRF check of the state-changing POSTs (logout, log out everywhere).
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

// True when the form carries the session's CSRF token (compared in constant time).
bool has_valid_csrf_token(const RequestContext& ctx);

}  // namespace orggate::web
