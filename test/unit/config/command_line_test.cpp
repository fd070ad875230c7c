// Flags: each maps to its variable; unknown or incomplete flags are reported.
#include "config/command_line.hpp"

#include <boost/test/unit_test.hpp>

using orggate::parse_command_line;

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(flags_set_the_variables_they_stand_for) {
    const auto line = parse_command_line({"--socket", "/run/orggate.sock", "--threads=4",
                                          "--env-file", "x.env", "--templates", "t"});
    BOOST_TEST(line.problems.empty());
    BOOST_TEST(line.overrides.at("ORGGATE_SOCKET") == "/run/orggate.sock");
    BOOST_TEST(line.overrides.at("ORGGATE_THREADS") == "4");
    BOOST_TEST(line.overrides.at("ORGGATE_TEMPLATE_DIR") == "t");
    BOOST_TEST(line.env_file == "x.env");
}

BOOST_AUTO_TEST_CASE(quiet_requests_turns_the_request_log_off) {
    const auto line = parse_command_line({"--quiet-requests"});
    BOOST_TEST(line.problems.empty());
    BOOST_TEST(line.overrides.at("ORGGATE_REQUEST_LOG") == "off");
}

BOOST_AUTO_TEST_CASE(unknown_and_valueless_flags_are_problems) {
    const auto line = parse_command_line({"--sockett", "x", "--threads"});
    BOOST_TEST(line.problems.size() == 3u);  // --sockett, stray x, --threads without value
}

BOOST_AUTO_TEST_CASE(help_documents_every_flag_and_variable) {
    const auto line = parse_command_line({"--help"});
    BOOST_TEST(line.help);
    const std::string text = orggate::usage_text();
    for (const char* word : {"--env-file", "--socket", "--threads", "--templates", "--version",
                             "GITHUB_CLIENT_SECRET", "APP_SECRET_KEY", "SIGTERM"}) {
        BOOST_TEST(text.find(word) != std::string::npos, word);
    }
}

BOOST_AUTO_TEST_CASE(check_config_is_a_flag_or_a_subcommand) {
    BOOST_TEST(parse_command_line({"check-config"}).check_config);
    const auto line = parse_command_line({"--check-config", "--online"});
    BOOST_TEST(line.check_config);
    BOOST_TEST(line.online);
    BOOST_TEST(line.problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()
