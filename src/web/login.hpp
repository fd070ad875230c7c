// GET /login: starts the OAuth web flow (state + PKCE) and sends the browser to GitHub.
#pragma once

#include <string>

#include "web/request_context.hpp"

namespace orggate::web {

http::Response handle_login(RequestContext& ctx);

// The login itself, on the public host: state + PKCE in the login cookie, then the redirect
// to GitHub, which brings the browser back to `next` (a path already made safe).
http::Response start_login(RequestContext& ctx, std::string next, bool select_account);

// `next` if it is a path on this site of a sane length, else "/".
std::string safe_return_path(std::string next);

}  // namespace orggate::web
