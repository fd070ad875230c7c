// GET /login: starts the OAuth web flow (state + PKCE) and sends the browser to GitHub.
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

http::Response handle_login(RequestContext& ctx);

}  // namespace orggate::web
