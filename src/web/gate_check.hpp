// GET /_orggate/check[/RULE]: nginx's auth_request asks whether this browser may see a location.
#pragma once

#include <string_view>

#include "web/request_context.hpp"

namespace orggate::web {

// The check's path; a rule follows it as /RULE.
constexpr std::string_view kGateCheckPath = "/_orggate/check";

// Every cookie of orggate's starts with it (orggate_session, orggate_login_*, orggate_flash):
// none of them is any business of a protected upstream, and the session one opens every
// gated location, team-only ones included.
constexpr std::string_view kOrggateCookiePrefix = "orggate_";

// The header of an admitted check that holds the browser's cookies without orggate's, for
// orggate-protect.conf to send the upstream instead of the browser's Cookie. Absent when no
// other cookie is left.
constexpr std::string_view kUpstreamCookieHeader = "X-Orggate-Upstream-Cookie";

// 204 with the identity headers and kUpstreamCookieHeader (admitted), 401 (no live session)
// or 403 with X-Orggate-Reason (signed in, not admitted). No body, no cookie, no GitHub call.
http::Response handle_gate_check(RequestContext& ctx);

}  // namespace orggate::web
