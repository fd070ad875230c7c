// A location's rule: what parses, and whom it admits with which teams and reason.
#include "gate/rule.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace orggate::gate;
using Teams = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(gate_rule)

BOOST_AUTO_TEST_CASE(teams_and_users_parse_lowercased_in_order) {
    const auto rule = parse_rule("team:Infra,user:Alice,team:ops-on-call,user:bob-2");
    BOOST_REQUIRE(rule);
    BOOST_TEST(rule->teams == (Teams{"infra", "ops-on-call"}));
    BOOST_TEST(rule->users == (Teams{"alice", "bob-2"}));
}

BOOST_AUTO_TEST_CASE(an_empty_rule_is_the_org_rule) {
    const auto rule = parse_rule("");
    BOOST_REQUIRE(rule);
    BOOST_TEST(rule->teams.empty());
    BOOST_TEST(rule->users.empty());
}

BOOST_AUTO_TEST_CASE(anything_else_is_malformed) {
    for (const char* text : {"group:infra", "team:", "user:", "team:infra,", ",team:infra",
                             "team:in fra", "team:infra;user:bob", "user:alice%0d", "team:infra/x",
                             "TEAM:infra", "team:infra,,", "user:a_b",
                             "user:"
                             "abcdefghijabcdefghijabcdefghijabcdefghij",
                             "team:ünï", "infra"}) {
        BOOST_TEST(!parse_rule(text), text);
    }
    BOOST_TEST(parse_rule("user:abcdefghijabcdefghijabcdefghijabcdefghi").has_value());  // 39
}

BOOST_AUTO_TEST_CASE(the_org_rule_admits_every_member_with_all_their_teams) {
    const Decision decision = decide(Rule{}, "mona", {"core", "docs"});
    BOOST_TEST(decision.admitted);
    BOOST_TEST(decision.teams == (Teams{"core", "docs"}));
    BOOST_TEST(decide(Rule{}, "nameless", {}).admitted);
}

BOOST_AUTO_TEST_CASE(a_team_rule_admits_members_of_a_listed_team_with_only_those_teams) {
    const Rule rule = *parse_rule("team:docs,team:infra");
    const Decision mona = decide(rule, "mona", {"core", "docs", "infra"});
    BOOST_TEST(mona.admitted);
    BOOST_TEST(mona.teams == (Teams{"docs", "infra"}));
    const Decision other = decide(rule, "hubot", {"core"});
    BOOST_TEST(!other.admitted);
    BOOST_TEST(other.reason == "not in team docs or infra");
    BOOST_TEST(other.teams.empty());
}

BOOST_AUTO_TEST_CASE(a_user_rule_matches_logins_whatever_their_case) {
    const Rule rule = *parse_rule("user:Mona");
    const Decision mona = decide(rule, "MONA", {"core"});
    BOOST_TEST(mona.admitted);
    BOOST_TEST(mona.teams == (Teams{"core"}));
    const Decision other = decide(rule, "monalisa", {});
    BOOST_TEST(!other.admitted);
    BOOST_TEST(other.reason == "not one of the allowed users");
}

BOOST_AUTO_TEST_CASE(any_of_admits_either_and_names_both_when_refusing) {
    const Rule rule = *parse_rule("team:core,user:nameless");
    BOOST_TEST(decide(rule, "mona", {"core"}).admitted);
    const Decision nameless = decide(rule, "nameless", {"docs"});
    BOOST_TEST(nameless.admitted);
    BOOST_TEST(nameless.teams.empty());  // the rule's teams the user is in: none
    BOOST_TEST(decide(rule, "uma", {"docs"}).reason ==
               "not in team core and not one of the allowed users");
}

BOOST_AUTO_TEST_SUITE_END()
