// Which /user/teams pages orggate follows, and which teams it keeps.
#include "github/user_teams.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::github;

namespace {

const std::string kApi = "https://ghe.example.com/api/v3";

}  // namespace

BOOST_AUTO_TEST_SUITE(user_teams)

BOOST_AUTO_TEST_CASE(the_first_page_asks_for_a_hundred_teams) {
    BOOST_TEST(first_teams_page_url(kApi) == kApi + "/user/teams?per_page=100");
}

BOOST_AUTO_TEST_CASE(githubs_next_pages_are_followed) {
    for (const std::string& url :
         {kApi + "/user/teams?per_page=100&page=2", kApi + "/user/teams?page=10",
          kApi + "/user/teams",
          std::string("HTTPS://GHE.example.com:443/api/v3/user/teams?page=2")}) {
        BOOST_TEST(is_teams_page_url(url, kApi), url);
    }
    BOOST_TEST(is_teams_page_url("http://127.0.0.1:4000/api/v3/user/teams?page=2",
                                 "http://127.0.0.1:4000/api/v3"));
}

BOOST_AUTO_TEST_CASE(a_link_anywhere_else_is_not_followed) {
    for (const std::string& url : {
             std::string("https://evil.example/api/v3/user/teams?page=2"),
             std::string("http://ghe.example.com/api/v3/user/teams?page=2"),
             std::string("https://ghe.example.com:8443/api/v3/user/teams?page=2"),
             std::string("https://ghe.example.com.evil.example/api/v3/user/teams?page=2"),
             std::string("https://ghe.example.com@evil.example/api/v3/user/teams?page=2"),
             std::string("https://ghe.example.com/api/v3/user/repos?page=2"),
             std::string("https://ghe.example.com/api/v3/user/teams/../../orgs?page=2"),
             std::string("https://ghe.example.com/user/teams?page=2"),
             std::string("https://ghe.example.com/api/v3/user/teams#page=2"),
             std::string("/api/v3/user/teams?page=2"),
             std::string("ftp://ghe.example.com/api/v3/user/teams?page=2"),
             std::string(""),
         }) {
        BOOST_TEST(!is_teams_page_url(url, kApi), url);
    }
}

BOOST_AUTO_TEST_CASE(only_the_orgs_teams_are_kept_sorted_and_once_each) {
    const std::vector<ListedTeam> listed{
        {"ops", "Octo-Org"},  {"core", "octo-org"}, {"core", "other-org"},  {"admins", "octo-orgs"},
        {"docs", "OCTO-ORG"}, {"core", "octo-org"}, {"secret", "other-org"}};
    BOOST_TEST(
        (org_team_slugs(listed, "octo-org") == std::vector<std::string>{"core", "docs", "ops"}));
    BOOST_TEST(org_team_slugs(listed, "nobody").empty());
    BOOST_TEST(org_team_slugs({}, "octo-org").empty());
}

BOOST_AUTO_TEST_SUITE_END()
