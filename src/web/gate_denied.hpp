// /_orggate/denied: where nginx's error_page sends a request the gate check answered 403.
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

// A page load gets orggate's 403 page with the reason and a "log in with another GitHub
// account" button back to the same URL; anything else a plain-text 403 with the reason.
http::Response handle_gate_denied(RequestContext& ctx);

}  // namespace orggate::web
