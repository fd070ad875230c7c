// Reading a page of GET /user/teams: slugs and organizations, or a refusal of the whole page.
#include "github/team_json.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::github;

namespace {

// One team object as GitHub's docs show it for GET /user/teams (trimmed organization).
std::string team(const std::string& slug, const std::string& org) {
    return R"({"id":1,"node_id":"MDQ6VGVhbTE=","url":"https://api.github.com/teams/1",)"
           R"("html_url":"https://github.com/orgs/)" +
           org + R"(/teams/)" + slug + R"(","name":"Justice League","slug":")" + slug +
           R"(","description":"A great team.","privacy":"closed","notification_setting":)"
           R"("notifications_enabled","permission":"admin","members_url":)"
           R"("https://api.github.com/teams/1/members{/member}","repositories_url":)"
           R"("https://api.github.com/teams/1/repos","parent":null,"members_count":3,)"
           R"("repos_count":10,"created_at":"2017-07-14T16:53:42Z","updated_at":)"
           R"("2017-08-17T12:37:15Z","organization":{"login":")" +
           org + R"(","id":1,"node_id":"MDEyOk9yZ2FuaXphdGlvbjE=","is_verified":true}})";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(team_json)

BOOST_AUTO_TEST_CASE(each_team_gives_its_slug_and_organization_login) {
    const auto teams = parse_teams_page("[" + team("justice-league", "github") + "," +
                                        team("ops", "Octo-Org") + "]");
    BOOST_TEST_REQUIRE(teams.has_value());
    BOOST_TEST_REQUIRE(teams->size() == 2u);
    BOOST_TEST((*teams)[0].slug == "justice-league");
    BOOST_TEST((*teams)[0].org_login == "github");
    BOOST_TEST((*teams)[1].slug == "ops");
    BOOST_TEST((*teams)[1].org_login == "Octo-Org");  // as GitHub spells it
}

BOOST_AUTO_TEST_CASE(a_user_in_no_team_gets_an_empty_page) {
    const auto teams = parse_teams_page("[]");
    BOOST_TEST_REQUIRE(teams.has_value());
    BOOST_TEST(teams->empty());
}

BOOST_AUTO_TEST_CASE(a_page_with_anything_unreadable_is_refused_whole) {
    const std::string good = team("ops", "acme");
    for (const std::string& body :
         {std::string(""), std::string("{}"), std::string("<html>Unicorn!</html>"),
          std::string(R"({"message":"Bad credentials"})"), "[" + good, "[" + good + ",7]",
          "[" + good + R"(,{"slug":"x"}])", "[" + good + R"(,{"slug":"x","organization":"acme"}])",
          "[" + good + R"(,{"slug":"","organization":{"login":"acme"}}])",
          "[" + good + R"(,{"slug":7,"organization":{"login":"acme"}}])",
          "[" + good + R"(,{"slug":"x","organization":{"login":null}}])"}) {
        BOOST_TEST(!parse_teams_page(body).has_value(), body);
    }
}

BOOST_AUTO_TEST_CASE(a_page_larger_than_a_megabyte_is_refused) {
    std::string body = "[" + team("ops", "acme");
    while (body.size() <= kMaxTeamsPageBytes)
        body += "," + team("ops", "acme");
    BOOST_TEST(!parse_teams_page(body + "]").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
