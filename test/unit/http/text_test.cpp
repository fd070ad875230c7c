// trim_spaces and equals_ignoring_case: HTTP's optional whitespace and ASCII case.
#include "http/text.hpp"

#include <boost/test/unit_test.hpp>

using orggate::http::equals_ignoring_case;
using orggate::http::trim_spaces;

BOOST_AUTO_TEST_SUITE(http_text)

BOOST_AUTO_TEST_CASE(trims_spaces_and_tabs_only_at_the_ends) {
    BOOST_TEST(trim_spaces(" \t a b \t ") == "a b");
    BOOST_TEST(trim_spaces("\r\na\n") == "\r\na\n");
    BOOST_TEST(trim_spaces("   ").empty());
}

BOOST_AUTO_TEST_CASE(compares_ascii_letters_without_case_and_nothing_else) {
    BOOST_TEST(equals_ignoring_case("Application/JSON", "application/json"));
    BOOST_TEST(!equals_ignoring_case("octocat", "octocats"));
    BOOST_TEST(!equals_ignoring_case("\xc3\x84", "\xc3\xa4"));  // Ä and ä: not ASCII
    BOOST_TEST(!equals_ignoring_case("a[", "A{"));
}

BOOST_AUTO_TEST_SUITE_END()
