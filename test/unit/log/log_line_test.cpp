// Log lines: one format, one line, nothing a value can forge.
#include "log/log_line.hpp"

#include <boost/test/unit_test.hpp>

using orggate::log_value;
using orggate::LogLine;

BOOST_AUTO_TEST_SUITE(log_line)

BOOST_AUTO_TEST_CASE(a_request_line_has_event_method_path_status_and_microseconds) {
    const std::string line = LogLine("request")
                                 .add("method", "GET")
                                 .add("path", "/page1")
                                 .add("status", 200)
                                 .add("us", 153)
                                 .add("req", "abc123")
                                 .text();
    BOOST_TEST(line == "event=request method=GET path=/page1 status=200 us=153 req=abc123");
}

BOOST_AUTO_TEST_CASE(values_with_spaces_or_quotes_are_quoted_and_escaped) {
    BOOST_TEST(log_value("GitHub took too long") == "\"GitHub took too long\"");
    BOOST_TEST(log_value("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
    BOOST_TEST(log_value("") == "\"\"");
    BOOST_TEST(log_value("a=b") == "\"a=b\"");
}

BOOST_AUTO_TEST_CASE(control_characters_cannot_forge_a_second_line) {
    const std::string line = LogLine("request").add("path", "/x\nevent=login outcome=ok").text();
    BOOST_TEST(line.find('\n') == std::string::npos);
    BOOST_TEST(line == "event=request path=\"/x\\x0Aevent=login outcome=ok\"");
}

BOOST_AUTO_TEST_CASE(long_values_are_cut) {
    BOOST_TEST(log_value(std::string(5000, 'a')).size() == 512u);
}

BOOST_AUTO_TEST_SUITE_END()
