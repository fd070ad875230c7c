// Env files: read as systemd's EnvironmentFile= reads them, or refused line by line.
#include "config/env_file.hpp"

#include <boost/test/unit_test.hpp>

#include "config/command_line.hpp"

using orggate::parse_env_file;

namespace {

// The one problem of a one-line file, or "" if it parsed.
std::string problem_of(const std::string& line) {
    const auto result = parse_env_file(line);
    return result.problems.empty() ? "" : result.problems.front();
}

std::string value_of(const std::string& line) {
    const auto result = parse_env_file(line);
    BOOST_TEST_REQUIRE(result.problems.empty(), line);
    return result.values.at("KEY");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(env_file)

BOOST_AUTO_TEST_CASE(reads_plain_and_quoted_values_as_systemd_does) {
    const auto result = parse_env_file(
        "# orggate settings\n"
        "; also a comment, for systemd\n"
        "\n"
        "GITHUB_ORG=acme\n"
        "  GITHUB_CLIENT_ID = Iv1.abc  \n"
        "GITHUB_CLIENT_SECRET='s3cr=t # x'\n"
        "APP_SECRET_KEY=\"a \\\"quoted\\\" # not a comment\"\n"
        "EMPTY=\n"
        "SINGLE='keep $HOME and \\n as is'\n"
        "DOUBLE=\"\\\\ \\$ \\` \\n \\x\"   \n"
        "HASH=abc#def\n"
        "INNER=a b\"c\n");
    BOOST_TEST(result.problems.empty());
    BOOST_TEST(result.values.at("GITHUB_ORG") == "acme");
    BOOST_TEST(result.values.at("GITHUB_CLIENT_ID") == "Iv1.abc");
    BOOST_TEST(result.values.at("GITHUB_CLIENT_SECRET") == "s3cr=t # x");
    BOOST_TEST(result.values.at("APP_SECRET_KEY") == "a \"quoted\" # not a comment");
    BOOST_TEST(result.values.at("EMPTY") == "");
    BOOST_TEST(result.values.at("SINGLE") == "keep $HOME and \\n as is");
    // systemd (247 and later) unescapes only \" \\ \` \$ inside double quotes.
    BOOST_TEST(result.values.at("DOUBLE") == "\\ $ ` \\n \\x");
    BOOST_TEST(result.values.at("HASH") == "abc#def");
    BOOST_TEST(result.values.at("INNER") == "a b\"c");
    BOOST_TEST(result.values.size() == 9u);
}

// systemd reads `KEY=abc # old` as "abc # old"; a reader that strips the comment gets "abc".
BOOST_AUTO_TEST_CASE(an_inline_comment_after_a_bare_value_is_refused) {
    for (const char* line : {"KEY=abc # old", "KEY=abc\t# old", "KEY= # nothing", "KEY=#x"}) {
        BOOST_TEST(problem_of(line).find("line 1: an unquoted value with a #") == 0u, line);
    }
}

// After a closing quote systemd keeps reading the value: `"abc" # old` is "abc# old" there.
BOOST_AUTO_TEST_CASE(text_after_a_closing_quote_is_refused) {
    for (const char* line :
         {"KEY=\"abc\" # old", "KEY='abc' # old", "KEY='it''s'", "KEY=\"a\"b", "KEY='a' 'b'"}) {
        BOOST_TEST(problem_of(line).find("text after the closing quote") != std::string::npos,
                   line);
    }
    BOOST_TEST(value_of("KEY=\"abc\"  \t") == "abc");
}

BOOST_AUTO_TEST_CASE(what_systemd_reads_another_way_is_refused) {
    const std::pair<const char*, const char*> cases[] = {
        {"export KEY=abc", "`export` is not understood by systemd"},
        {"KEY=a\\b", "a backslash in an unquoted value"},
        {"KEY=abc\\", "a backslash in an unquoted value"},
        {"KEY='abc", "a quote that is not closed on its line"},
        {"KEY=\"abc\\\"", "a quote that is not closed on its line"},
        {"# a comment that goes on \\", "a comment ending in a backslash"},
        {"KEY=a\rOTHER=b", "a carriage return or NUL byte inside the line"},
        {"KEY=\xff\xfe", "not valid UTF-8"},
        {"KEY=\xc0\xaf", "not valid UTF-8"},
        {"KEY='a\x1b[31m'", "a control character in the value"},
        {"no equals sign here", "expected NAME=VALUE"},
        {"1BAD=x", "the name must be letters, digits and _"},
        {"A B=x", "the name must be letters, digits and _"},
        {"\xef\xbb\xbfKEY=x", "the name must be letters, digits and _"},
    };
    for (const auto& [line, why] : cases) {
        BOOST_TEST(problem_of(line).find(why) != std::string::npos,
                   line << " -> " << problem_of(line));
    }
    BOOST_TEST(problem_of(std::string("KEY=a\0b", 7)).find("NUL") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_lines_are_reported_by_number_without_their_value) {
    const auto result = parse_env_file(
        "GOOD=1\nno equals sign here\nQ=\"unclosed secret\n1BAD=x\r\nS=secret # old\n");
    BOOST_TEST(result.values.at("GOOD") == "1");
    BOOST_REQUIRE(result.problems.size() == 4u);
    BOOST_TEST(result.problems[0].find("line 2: ") == 0u);
    BOOST_TEST(result.problems[1].find("line 3: ") == 0u);
    BOOST_TEST(result.problems[2].find("line 4: ") == 0u);
    BOOST_TEST(result.problems[3].find("line 5: ") == 0u);
    for (const auto& problem : result.problems) {
        BOOST_TEST(problem.find("secret") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(crlf_files_and_later_lines_win) {
    const auto result = parse_env_file("A=1\r\nA=2\r\nB='x y'\r\n");
    BOOST_TEST(result.problems.empty());
    BOOST_TEST(result.values.at("A") == "2");
    BOOST_TEST(result.values.at("B") == "x y");
}

BOOST_AUTO_TEST_CASE(utf8_values_and_tabs_are_kept) {
    BOOST_TEST(value_of("KEY=Grüße ✓") == "Grüße ✓");
    BOOST_TEST(value_of("KEY='a\tb'") == "a\tb");
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
