// Env files: comments, quotes, export, and clear line-numbered problems.
#include "config/env_file.hpp"

#include <boost/test/unit_test.hpp>

#include "config/command_line.hpp"

using orggate::parse_env_file;

BOOST_AUTO_TEST_SUITE(env_file)

BOOST_AUTO_TEST_CASE(reads_plain_quoted_and_exported_values) {
    const auto result = parse_env_file(
        "# orggate settings\n"
        "\n"
        "GITHUB_ORG=acme\n"
        "export GITHUB_CLIENT_ID = Iv1.abc  # from the app page\n"
        "GITHUB_CLIENT_SECRET='s3cr=t # x'\n"
        "APP_SECRET_KEY=\"a \\\"quoted\\\" # not a comment\"\n"
        "EMPTY=\n"
        "SINGLE='keep $HOME and \\n as is'\n");
    BOOST_TEST(result.problems.empty());
    BOOST_TEST(result.values.at("GITHUB_ORG") == "acme");
    BOOST_TEST(result.values.at("GITHUB_CLIENT_ID") == "Iv1.abc");
    BOOST_TEST(result.values.at("GITHUB_CLIENT_SECRET") == "s3cr=t # x");
    BOOST_TEST(result.values.at("APP_SECRET_KEY") == "a \"quoted\" # not a comment");
    BOOST_TEST(result.values.at("EMPTY") == "");
    BOOST_TEST(result.values.at("SINGLE") == "keep $HOME and \\n as is");
}

BOOST_AUTO_TEST_CASE(bad_lines_are_reported_by_number_without_their_value) {
    const auto result =
        parse_env_file("GOOD=1\nno equals sign here\nQ=\"unclosed secret\n1BAD=x\r\n");
    BOOST_TEST(result.values.at("GOOD") == "1");
    BOOST_REQUIRE(result.problems.size() == 3u);
    BOOST_TEST(result.problems[0].find("line 2") == 0u);
    BOOST_TEST(result.problems[1].find("line 3") == 0u);
    BOOST_TEST(result.problems[2].find("line 4") == 0u);
    for (const auto& problem : result.problems) {
        BOOST_TEST(problem.find("secret") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(crlf_files_and_later_lines_win) {
    const auto result = parse_env_file("A=1\r\nA=2\r\n");
    BOOST_TEST(result.problems.empty());
    BOOST_TEST(result.values.at("A") == "2");
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_a_problem_not_a_crash) {
    const auto result = orggate::read_env_file("/nonexistent/orggate.env");
    BOOST_REQUIRE(result.problems.size() == 1u);
    BOOST_TEST(result.problems[0].find("/nonexistent/orggate.env") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_environment_wins_over_the_file_and_flags_win_over_both) {
    const auto merged = orggate::merge_settings({{"A", "file"}, {"B", "file"}, {"C", "file"}},
                                                {{"B", "env"}, {"C", "env"}}, {{"C", "flag"}});
    BOOST_TEST(merged.at("A") == "file");
    BOOST_TEST(merged.at("B") == "env");
    BOOST_TEST(merged.at("C") == "flag");
}

BOOST_AUTO_TEST_SUITE_END()
