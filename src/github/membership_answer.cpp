// Reading a membership answer's status, body and X-GitHub-SSO header into a Membership.
#include "github/membership_answer.hpp"

#include <string>

#include "github/github_json.hpp"

namespace orggate::github {
namespace {

// GitHub's 403 for an org that restricts OAuth apps names "OAuth App access restrictions".
bool mentions(const std::string& text, const char* words) {
    return text.find(words) != std::string::npos;
}

std::string sso_url_of(const HttpAnswer& answer) {
    const std::string header = answer.header("x-github-sso");
    const auto url = header.find("url=");
    return url == std::string::npos ? std::string() : header.substr(url + 4);
}

std::optional<Membership> refusal_of(const HttpAnswer& answer) {
    const std::string message = parse_error_message(answer.body);
    if (!answer.header("x-github-sso").empty() || mentions(message, "SAML")) {
        return Membership{MembershipState::kSamlRequired, sso_url_of(answer)};
    }
    if (mentions(message, "OAuth App access restrictions")) {
        return Membership{MembershipState::kAppRestricted, {}};
    }
    return std::nullopt;
}

}  // namespace

std::optional<Membership> membership_of_answer(const HttpAnswer& answer) {
    if (answer.transport != Transport::kOk) return std::nullopt;
    if (answer.status == 404) return Membership{MembershipState::kNotMember, {}};
    if (answer.status == 403) return refusal_of(answer);
    if (answer.status != 200) return std::nullopt;
    const std::optional<std::string> state = parse_membership_state(answer.body);
    if (!state) return std::nullopt;
    const MembershipState decoded = *state == "active"    ? MembershipState::kActive
                                    : *state == "pending" ? MembershipState::kPending
                                                          : MembershipState::kNotMember;
    return Membership{decoded, {}};
}

}  // namespace orggate::github
