// Cookie parsing and the attributes every session cookie carries.
#include "http/cookie.hpp"

#include <boost/test/unit_test.hpp>

using namespace orggate::http;

BOOST_AUTO_TEST_SUITE(cookie)

BOOST_AUTO_TEST_CASE(finds_a_cookie_among_others) {
    const std::string header = "theme=dark; orggate_session=abc_-123;other=1";
    BOOST_TEST(*find_cookie(header, "orggate_session") == "abc_-123");
    BOOST_TEST(*find_cookie(header, "other") == "1");
    BOOST_TEST(!find_cookie(header, "orggate"));
    BOOST_TEST(!find_cookie("", "orggate_session"));
}

BOOST_AUTO_TEST_CASE(first_cookie_of_a_name_wins_and_quotes_are_removed) {
    BOOST_TEST(*find_cookie("a=\"x\"; a=y", "a") == "x");
}

BOOST_AUTO_TEST_CASE(tolerates_junk_without_crashing) {
    BOOST_TEST(!find_cookie(";;; = ;novalue; =x", "novalue"));
    BOOST_TEST(*find_cookie("a=", "a") == "");
}

BOOST_AUTO_TEST_CASE(session_cookies_are_http_only_lax_and_site_wide) {
    const std::string cookie = set_cookie("orggate_session", "ID", {});
    BOOST_TEST(cookie == "orggate_session=ID; Path=/; HttpOnly; SameSite=Lax");
}

BOOST_AUTO_TEST_CASE(secure_is_added_over_https_and_expiry_clears_the_value) {
    CookieOptions options;
    options.secure = true;
    options.expire = true;
    BOOST_TEST(set_cookie("orggate_session", "ID", options) ==
               "orggate_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
}

BOOST_AUTO_TEST_CASE(cookies_with_a_prefix_come_in_order_up_to_a_limit) {
    const std::string header = "a_1=x; other=y; a_2=\"z\"; a_3=w";
    const auto found = find_cookies_with_prefix(header, "a_", 2);
    BOOST_REQUIRE(found.size() == 2u);
    BOOST_TEST(found[0].first == "a_1");
    BOOST_TEST(found[0].second == "x");
    BOOST_TEST(found[1].first == "a_2");
    BOOST_TEST(found[1].second == "z");
    BOOST_TEST(find_cookies_with_prefix(header, "b_", 10).empty());
}

BOOST_AUTO_TEST_SUITE_END()
