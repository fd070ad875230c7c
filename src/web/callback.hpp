// GET /login/authorized: GitHub sends the browser back here with a code (or an error).
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

http::Response handle_callback(RequestContext& ctx);

}  // namespace orggate::web
