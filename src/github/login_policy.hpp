// Who may log in: a pure decision over what GitHub said, with a message that says why not.
#pragma once

#include <string>
#include <string_view>

#include "github/github_client.hpp"

namespace orggate::github {

struct LoginDecision {
    bool allowed = false;
    std::string outcome;   // "ok", "not_member", "pending", "app_restricted", "saml"
    std::string message;   // the flash text
    std::string link_url;  // the next step, when there is one
    std::string link_text;
};

struct PolicyContext {
    std::string org;
    std::string github_url;
    std::string client_id;
};

LoginDecision decide_login(const UserProfile& user, const Membership& membership,
                           const PolicyContext& context);

}  // namespace orggate::github
