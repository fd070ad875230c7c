// POST /_orggate/webhook: GitHub's organization webhook, which ends a removed member's access
// at once (issue 10). It exists only when ORGGATE_WEBHOOK_SECRET is set.
#pragma once

#include <string_view>

#include "web/request_context.hpp"

namespace orggate::web {

// Reachable from GitHub: nginx has an exact location for it, outside the internal /_orggate/.
constexpr std::string_view kWebhookPath = "/_orggate/webhook";

// Without a secret: the 404 page, whatever the method; then any method but POST: 405. A missing or
// wrong X-Hub-Signature-256: 401, logged, nothing done. Then by event: ping 200; organization
// member_removed of GITHUB_ORG: every session of that user (by GitHub's numeric id) ended, 204;
// membership removed from a team: the team dropped from the user's sessions at once and a re-check
// asked for, 204; any other event or org: 202, nothing done; a signed body that cannot be read:
// 400. A second delivery of the same event finds nothing left to end and changes nothing.
http::Response handle_webhook(RequestContext& ctx);

}  // namespace orggate::web
