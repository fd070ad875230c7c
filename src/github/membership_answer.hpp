// The membership an answer of GET /user/memberships/orgs/{org} states: shared by the login and
// the background re-check, which differ only in what they make of the other answers.
#pragma once

#include <optional>

#include "github/github_client.hpp"
#include "github/http_client.hpp"

namespace orggate::github {

// 200 with a "state" (only "active" is membership, "pending" an invitation, anything else not
// a member), 404 (not a member), or a 403 for SAML single sign-on (an X-GitHub-SSO header or
// "SAML" in the message; sso_url from the header) or for OAuth App access restrictions.
// nullopt for every other answer: network trouble, 401, 5xx, rate limits, other 403s, bodies
// that cannot be read.
std::optional<Membership> membership_of_answer(const HttpAnswer& answer);

}  // namespace orggate::github
