// The membership rule and the words for each way it can say no.
#include "github/login_policy.hpp"

namespace orggate::github {

LoginDecision decide_login(const UserProfile& user, const Membership& membership,
                           const PolicyContext& context) {
    const std::string& org = context.org;
    const std::string refused = "Unable to login: ";
    switch (membership.state) {
        case MembershipState::kActive:
            return {true, "ok", "You were successfully logged in", {}, {}};
        case MembershipState::kPending:
            return {
                false, "pending",
                refused + user.login + " has not yet accepted the invitation to join " + org + ".",
                context.github_url + "/orgs/" + org + "/invitation",
                "Accept the invitation on GitHub, then log in again"};
        case MembershipState::kAppRestricted:
            // A member can ask the org's owners to approve the app from its settings page.
            return {false, "app_restricted",
                    refused + "the organization " + org +
                        " restricts access by OAuth apps and has not approved this site.",
                    context.github_url + "/settings/connections/applications/" + context.client_id,
                    "Ask the owners of " + org + " to approve it"};
        case MembershipState::kSamlRequired:
            return {false, "saml",
                    refused + org +
                        " requires SAML single sign-on, and this login is not authorized for it.",
                    membership.sso_url.empty() ? context.github_url + "/orgs/" + org + "/sso"
                                               : membership.sso_url,
                    "Sign in with " + org + "'s single sign-on, then log in again"};
        case MembershipState::kNotMember:
            break;
    }
    // Instead of the tutorial's "log out of GitHub": let the user pick another account.
    return {false, "not_member", refused + user.login + " is not a member of " + org,
            "/login?prompt=select_account", "Log in with another GitHub account"};
}

}  // namespace orggate::github
