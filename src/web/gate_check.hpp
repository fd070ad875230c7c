// GET /_orggate/check[/RULE]: nginx's auth_request asks whether this browser may see a location.
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

// 204 with the identity headers (admitted), 401 (no live session) or 403 with
// X-Orggate-Reason (signed in, not admitted). No body, no cookie, no GitHub call.
http::Response handle_gate_check(RequestContext& ctx);

}  // namespace orggate::web
