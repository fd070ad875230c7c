// Why a user's sessions were ended after they logged in, in words for the user and for metrics.
#pragma once

#include <string>

namespace orggate::recheck {

enum class EndReason {
    kNotMember,          // GitHub: no longer a member of the org (a re-check, or a webhook)
    kPending,            // GitHub: only an invitation is pending (removed, then invited again)
    kTokenRevoked,       // GitHub: 401, the user revoked the app or the token was deleted
    kSamlEnforced,       // GitHub: the org now requires SAML SSO this token is not authorized for
    kAppRestricted,      // GitHub: the org's OAuth App access restrictions now exclude the app
    kGitHubUnreachable,  // no confirmation for longer than ORGGATE_RECHECK_GRACE (fail closed)
};

// "not_member", "pending", "token_revoked", "saml", "app_restricted", "github_unreachable":
// stable labels for /metrics and the log.
const char* end_reason_name(EndReason reason);

// The plain sentence the user reads on the next page, "Your access ended: ...", naming `org`
// (GITHUB_ORG). Text, not HTML: the page template escapes it.
std::string access_ended_message(EndReason reason, const std::string& org);

}  // namespace orggate::recheck
