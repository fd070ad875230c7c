// What a user whose sessions were ended reads on the next page, and the reasons' metric labels.
#include "recheck/end_reason.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace orggate::recheck;

namespace {

const EndReason kAll[] = {EndReason::kNotMember,     EndReason::kPending,
                          EndReason::kTokenRevoked,  EndReason::kSamlEnforced,
                          EndReason::kAppRestricted, EndReason::kGitHubUnreachable};

}  // namespace

BOOST_AUTO_TEST_SUITE(end_reason)

BOOST_AUTO_TEST_CASE(every_message_says_access_ended_in_plain_text) {
    std::set<std::string> messages;
    for (const EndReason reason : kAll) {
        const std::string message = access_ended_message(reason, "acme");
        BOOST_TEST(message.rfind("Your access ended: ", 0) == 0u, message);
        BOOST_TEST(message.back() == '.', message);
        BOOST_TEST(message.find('<') == std::string::npos, message);
        messages.insert(message);
    }
    BOOST_TEST(messages.size() == std::size(kAll));
}

BOOST_AUTO_TEST_CASE(each_message_says_why) {
    BOOST_TEST(access_ended_message(EndReason::kNotMember, "acme") ==
               "Your access ended: you are no longer a member of acme.");
    BOOST_TEST(access_ended_message(EndReason::kPending, "acme") ==
               "Your access ended: you are no longer an active member of acme; only an "
               "invitation to join it is pending.");
    BOOST_TEST(access_ended_message(EndReason::kTokenRevoked, "acme") ==
               "Your access ended: this site's access to your GitHub account was revoked. Log in "
               "again to grant it.");
    BOOST_TEST(access_ended_message(EndReason::kSamlEnforced, "acme") ==
               "Your access ended: acme requires SAML single sign-on, and your login is not "
               "authorized for it. Sign in with acme's single sign-on, then log in again.");
    BOOST_TEST(access_ended_message(EndReason::kAppRestricted, "acme") ==
               "Your access ended: acme restricts access by OAuth apps and no longer allows this "
               "site.");
    BOOST_TEST(access_ended_message(EndReason::kGitHubUnreachable, "acme") ==
               "Your access ended: GitHub could not confirm for too long that you are still a "
               "member of acme. Please log in again.");
}

BOOST_AUTO_TEST_CASE(each_reason_has_a_distinct_label_for_the_metrics) {
    BOOST_TEST(end_reason_name(EndReason::kNotMember) == std::string("not_member"));
    BOOST_TEST(end_reason_name(EndReason::kPending) == std::string("pending"));
    BOOST_TEST(end_reason_name(EndReason::kTokenRevoked) == std::string("token_revoked"));
    BOOST_TEST(end_reason_name(EndReason::kSamlEnforced) == std::string("saml"));
    BOOST_TEST(end_reason_name(EndReason::kAppRestricted) == std::string("app_restricted"));
    BOOST_TEST(end_reason_name(EndReason::kGitHubUnreachable) == std::string("github_unreachable"));
}

BOOST_AUTO_TEST_SUITE_END()
