// The names and sentences of the reasons a user's sessions end.
#include "recheck/end_reason.hpp"

namespace orggate::recheck {

const char* end_reason_name(EndReason reason) {
    switch (reason) {
        case EndReason::kNotMember:
            return "not_member";
        case EndReason::kPending:
            return "pending";
        case EndReason::kTokenRevoked:
            return "token_revoked";
        case EndReason::kSamlEnforced:
            return "saml";
        case EndReason::kAppRestricted:
            return "app_restricted";
        case EndReason::kGitHubUnreachable:
            break;
    }
    return "github_unreachable";
}

std::string access_ended_message(EndReason reason, const std::string& org) {
    const std::string ended = "Your access ended: ";
    switch (reason) {
        case EndReason::kNotMember:
            return ended + "you are no longer a member of " + org + ".";
        case EndReason::kPending:
            return ended + "you are no longer an active member of " + org +
                   "; only an invitation to join it is pending.";
        case EndReason::kTokenRevoked:
            return ended + "this site's access to your GitHub account was revoked. " +
                   "Log in again to grant it.";
        case EndReason::kSamlEnforced:
            return ended + org +
                   " requires SAML single sign-on, and your login is not authorized for it. " +
                   "Sign in with " + org + "'s single sign-on, then log in again.";
        case EndReason::kAppRestricted:
            return ended + org + " restricts access by OAuth apps and no longer allows this site.";
        case EndReason::kGitHubUnreachable:
            break;
    }
    // Fail closed: the user is not blamed, and logging in again checks afresh.
    return ended + "GitHub could not confirm for too long that you are still a member of " + org +
           ". Please log in again.";
}

}  // namespace orggate::recheck
