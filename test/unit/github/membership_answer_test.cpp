// Which membership answers state a membership (shared by login and re-check), and which do not.
#include "github/membership_answer.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::github;

namespace {

HttpAnswer answer(int status, const std::string& body, Headers headers = {}) {
    HttpAnswer reply;
    reply.status = status;
    reply.body = body;
    reply.headers = std::move(headers);
    return reply;
}

bool states(const HttpAnswer& reply, MembershipState expected) {
    const auto membership = membership_of_answer(reply);
    return membership && membership->state == expected;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(membership_answer)

BOOST_AUTO_TEST_CASE(states_and_404_are_read) {
    BOOST_TEST(states(answer(200, R"({"state":"active"})"), MembershipState::kActive));
    BOOST_TEST(states(answer(200, R"({"state":"pending"})"), MembershipState::kPending));
    BOOST_TEST(states(answer(200, R"({"state":"left"})"), MembershipState::kNotMember));
    BOOST_TEST(states(answer(404, R"({"message":"Not Found"})"), MembershipState::kNotMember));
}

BOOST_AUTO_TEST_CASE(a_403_for_saml_gives_the_sso_url_and_one_for_app_restrictions_says_so) {
    const auto saml = membership_of_answer(
        answer(403, "{}", {{"x-github-sso", "required; url=https://github.com/orgs/acme/sso"}}));
    BOOST_TEST((saml && saml->state == MembershipState::kSamlRequired));
    BOOST_TEST((saml && saml->sso_url == "https://github.com/orgs/acme/sso"));
    BOOST_TEST(states(answer(403, R"({"message":"the org enabled OAuth App access restrictions"})"),
                      MembershipState::kAppRestricted));
}

BOOST_AUTO_TEST_CASE(answers_that_state_no_membership_are_left_to_the_caller) {
    for (const HttpAnswer& reply :
         {answer(401, R"({"message":"Bad credentials"})"), answer(500, ""), answer(503, "{}"),
          answer(403, R"({"message":"API rate limit exceeded"})"), answer(429, ""), answer(304, ""),
          answer(200, "not json"), answer(200, R"({"role":"member"})")}) {
        BOOST_TEST(!membership_of_answer(reply).has_value(), reply.status);
    }
    HttpAnswer unreachable = answer(200, R"({"state":"active"})");
    unreachable.transport = Transport::kUnreachable;
    BOOST_TEST(!membership_of_answer(unreachable).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
