// Access log lines: one line per request, nothing from the query, no injected lines.
#include "fcgi/access_log.hpp"

#include <boost/test/unit_test.hpp>

using namespace orggate::fcgi;

BOOST_AUTO_TEST_SUITE(access_log)

BOOST_AUTO_TEST_CASE(has_method_path_status_and_microseconds) {
    BOOST_TEST(format_access_line("GET", "/page1", 200, 153, "") ==
               "method=GET path=/page1 status=200 us=153");
    BOOST_TEST(format_access_line("POST", "/logout", 303, 9, "abc123") ==
               "method=POST path=/logout status=303 us=9 req=abc123");
}

BOOST_AUTO_TEST_CASE(control_characters_cannot_forge_a_second_line) {
    const std::string line = format_access_line("GET", "/x\nmethod=GET path=/admin", 404, 1, "");
    BOOST_TEST(line.find('\n') == std::string::npos);
    BOOST_TEST(line.find("/x\\x0Amethod=GET\\x20path=/admin") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(long_values_are_cut) {
    const std::string line = format_access_line("GET", std::string(5000, 'a'), 404, 1, "");
    BOOST_TEST(line.size() < 400u);
}

BOOST_AUTO_TEST_SUITE_END()
