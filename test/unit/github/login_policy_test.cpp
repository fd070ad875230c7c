// Who is let in, and what a refused user reads and where they are pointed next.
#include "github/login_policy.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate;
using namespace orggate::github;

namespace {

const PolicyContext kContext{"acme", "https://github.com", "Ov23liAbCdEf12345678"};

UserProfile octocat() {
    UserProfile user;
    user.login = "octocat";
    user.id = 583231;
    return user;
}

LoginDecision decide(MembershipState state, const std::string& sso_url = "",
                     const PolicyContext& context = kContext) {
    return decide_login(octocat(), Membership{state, sso_url}, context);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(login_policy)

BOOST_AUTO_TEST_CASE(only_an_active_member_is_let_in) {
    BOOST_TEST(decide(MembershipState::kActive).allowed);
    for (const MembershipState state :
         {MembershipState::kPending, MembershipState::kNotMember, MembershipState::kAppRestricted,
          MembershipState::kSamlRequired}) {
        const LoginDecision decision = decide(state);
        BOOST_TEST(!decision.allowed, decision.outcome);
        BOOST_TEST(decision.message.rfind("Unable to login: ", 0) == 0u, decision.message);
        BOOST_TEST(!decision.link_url.empty(), decision.outcome);
        BOOST_TEST(!decision.link_text.empty(), decision.outcome);
    }
}

BOOST_AUTO_TEST_CASE(a_member_is_welcomed_with_the_tutorials_words) {
    const LoginDecision decision = decide(MembershipState::kActive);
    BOOST_TEST(decision.message == "You were successfully logged in");
    BOOST_TEST(decision.outcome == "ok");
}

BOOST_AUTO_TEST_CASE(a_non_member_reads_the_tutorials_text_and_may_pick_another_account) {
    const LoginDecision decision = decide(MembershipState::kNotMember);
    BOOST_TEST(decision.message == "Unable to login: octocat is not a member of acme");
    BOOST_TEST(decision.link_url == "/login?prompt=select_account");
    BOOST_TEST(decision.link_text == "Log in with another GitHub account");
}

BOOST_AUTO_TEST_CASE(a_pending_invitation_is_not_membership_and_points_to_the_invitation) {
    const LoginDecision decision = decide(MembershipState::kPending);
    BOOST_TEST(decision.outcome == "pending");
    BOOST_TEST(contains(decision.message, "octocat"), decision.message);
    BOOST_TEST(contains(decision.message, "invitation"), decision.message);
    BOOST_TEST(decision.link_url == "https://github.com/orgs/acme/invitation");
}

BOOST_AUTO_TEST_CASE(the_invitation_link_is_on_a_github_enterprise_server) {
    const PolicyContext enterprise{"acme", "https://ghe.example.com", "Ov23liAbCdEf12345678"};
    const LoginDecision decision = decide(MembershipState::kPending, "", enterprise);
    BOOST_TEST(decision.link_url == "https://ghe.example.com/orgs/acme/invitation");
}

BOOST_AUTO_TEST_CASE(an_org_restricting_oauth_apps_is_explained_with_the_apps_page) {
    const LoginDecision decision = decide(MembershipState::kAppRestricted);
    BOOST_TEST(decision.outcome == "app_restricted");
    BOOST_TEST(contains(decision.message, "acme"), decision.message);
    BOOST_TEST(contains(decision.message, "OAuth app"), decision.message);
    // There a member can ask the org's owners to approve the app.
    BOOST_TEST(decision.link_url ==
               "https://github.com/settings/connections/applications/Ov23liAbCdEf12345678");
    BOOST_TEST(contains(decision.link_text, "acme"), decision.link_text);
}

BOOST_AUTO_TEST_CASE(saml_enforcement_is_explained_with_githubs_sso_link) {
    const std::string sso = "https://github.com/orgs/acme/sso?authorization_request=abc";
    const LoginDecision decision = decide(MembershipState::kSamlRequired, sso);
    BOOST_TEST(decision.outcome == "saml");
    BOOST_TEST(contains(decision.message, "SAML"), decision.message);
    BOOST_TEST(contains(decision.message, "acme"), decision.message);
    BOOST_TEST(decision.link_url == sso);
}

BOOST_AUTO_TEST_CASE(saml_without_githubs_link_points_to_the_orgs_sso_page) {
    const LoginDecision decision = decide(MembershipState::kSamlRequired);
    BOOST_TEST(decision.link_url == "https://github.com/orgs/acme/sso");
}

BOOST_AUTO_TEST_SUITE_END()
