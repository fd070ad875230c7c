// `orggate sessions` arguments: the two commands, their flags, and what is refused.
#include "cli/sessions_arguments.hpp"

#include <boost/test/unit_test.hpp>

using namespace orggate::cli;
using Action = SessionsArguments::Action;

BOOST_AUTO_TEST_SUITE(sessions_arguments)

BOOST_AUTO_TEST_CASE(list_takes_an_optional_user_and_an_env_file) {
    const SessionsArguments all = parse_sessions_arguments({"list"});
    BOOST_TEST(all.problems.empty());
    BOOST_TEST((all.action == Action::kList));
    BOOST_TEST(all.login.empty());
    const SessionsArguments one =
        parse_sessions_arguments({"list", "--user", "mona", "--env-file=/etc/orggate/env"});
    BOOST_TEST(one.problems.empty());
    BOOST_TEST(one.login == "mona");
    BOOST_TEST(one.env_file == "/etc/orggate/env");
    BOOST_TEST(parse_sessions_arguments({"list", "--user=hubot"}).login == "hubot");
}

BOOST_AUTO_TEST_CASE(end_takes_exactly_one_login) {
    const SessionsArguments end = parse_sessions_arguments({"end", "mona"});
    BOOST_TEST(end.problems.empty());
    BOOST_TEST((end.action == Action::kEnd));
    BOOST_TEST(end.login == "mona");
    BOOST_TEST(!parse_sessions_arguments({"end"}).problems.empty());
    BOOST_TEST(!parse_sessions_arguments({"end", "mona", "hubot"}).problems.empty());
    BOOST_TEST(!parse_sessions_arguments({"end", "--user", "mona"}).problems.empty());
}

BOOST_AUTO_TEST_CASE(unknown_commands_flags_and_missing_values_are_problems) {
    BOOST_TEST(!parse_sessions_arguments({}).problems.empty());
    BOOST_TEST(!parse_sessions_arguments({"remove", "mona"}).problems.empty());
    BOOST_TEST(!parse_sessions_arguments({"list", "--all"}).problems.empty());
    BOOST_TEST(!parse_sessions_arguments({"list", "--user"}).problems.empty());
    BOOST_TEST(!parse_sessions_arguments({"list", "mona"}).problems.empty());
}

BOOST_AUTO_TEST_CASE(help_anywhere_asks_for_the_help_text) {
    BOOST_TEST((parse_sessions_arguments({"--help"}).action == Action::kHelp));
    BOOST_TEST(parse_sessions_arguments({"--help"}).problems.empty());
    BOOST_TEST((parse_sessions_arguments({"end", "--help"}).action == Action::kHelp));
    BOOST_TEST(sessions_usage_text().find("Exit status") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
