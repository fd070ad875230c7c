// /_orggate/signin: where nginx's error_page sends a request the gate check answered 401.
#pragma once

#include <string>

#include "web/request_context.hpp"

namespace orggate::web {

// A page load starts the login back to the protected URL (nginx's REQUEST_URI), so no rd= or
// next= ever travels in a URL; anything else gets a plain 401 without a redirect.
http::Response handle_gate_signin(RequestContext& ctx);

// Where a login from the gate returns: the protected request's URI with its query, made safe;
// "/" for orggate's own internal paths.
std::string gate_return_path(const http::Request& request);

}  // namespace orggate::web
