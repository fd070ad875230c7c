// The identity headers of an admitted check: encoded so no value can break a header.
#include "gate/identity_headers.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate;
using namespace orggate::gate;

BOOST_AUTO_TEST_SUITE(gate_identity_headers)

BOOST_AUTO_TEST_CASE(values_keep_only_unreserved_characters) {
    BOOST_TEST(encode_header_value("mona-lisa_1.x~") == "mona-lisa_1.x~");
    BOOST_TEST(encode_header_value("Carl\r\nX-Orggate-User: mona") ==
               "Carl%0D%0AX-Orggate-User%3A%20mona");
    BOOST_TEST(encode_header_value("Ünï 🦉") == "%C3%9Cn%C3%AF%20%F0%9F%A6%89");
    BOOST_TEST(encode_header_value("a,b%c+d") == "a%2Cb%25c%2Bd");
}

BOOST_AUTO_TEST_CASE(login_id_name_and_teams_in_that_order) {
    UserProfile user;
    user.login = "mona";
    user.id = 1000001;
    user.name = "Mona Lisa";
    const Headers headers = identity_headers(user, {"core", "docs"});
    BOOST_TEST(headers == (Headers{{"X-Orggate-User", "mona"},
                                   {"X-Orggate-User-Id", "1000001"},
                                   {"X-Orggate-Name", "Mona%20Lisa"},
                                   {"X-Orggate-Teams", "core,docs"}}));
}

BOOST_AUTO_TEST_CASE(the_name_is_the_login_when_there_is_none) {
    UserProfile user;
    user.login = "nameless";
    user.id = 4;
    const Headers headers = identity_headers(user, {});
    BOOST_TEST(headers[2].second == "nameless");
    BOOST_TEST(headers[3].second == "");
}

BOOST_AUTO_TEST_SUITE_END()
