// GET /_orggate/check[/RULE]: nginx's auth_request asks whether this browser may see a location.
#pragma once

#include <string_view>

#include "web/request_context.hpp"

namespace orggate::web {

// The check's path; a rule follows it as /RULE.
constexpr std::string_view kGateCheckPath = "/_orggate/check";

// 204 with the identity headers (admitted), 401 (no live session) or 403 with
// X-Orggate-Reason (signed in, not admitted). No body, no cookie, no GitHub call.
http::Response handle_gate_check(RequestContext& ctx);

}  // namespace orggate::web
