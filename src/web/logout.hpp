// /logout: GET shows the button, POST (with the session's CSRF token) logs out.
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

http::Response handle_logout_page(RequestContext& ctx);
http::Response handle_logout(RequestContext& ctx);

}  // namespace orggate::web
