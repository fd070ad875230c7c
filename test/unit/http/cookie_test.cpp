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

BOOST_AUTO_TEST_CASE(cookies_without_a_prefix_keep_the_others_as_sent_in_order) {
    BOOST_TEST(cookies_without_prefix("theme=dark; orggate_session=abc; app=1", "orggate_") ==
               "theme=dark; app=1");
    // Spaces and tabs around pieces are trimmed, empty pieces go, quotes and odd values stay.
    BOOST_TEST(cookies_without_prefix("  a=\"q v\" ;;\tb=x=y ;orggate_flash=f;c=", "orggate_") ==
               "a=\"q v\"; b=x=y; c=");
    BOOST_TEST(cookies_without_prefix("orggate_session=abc", "orggate_").empty());
    BOOST_TEST(cookies_without_prefix("", "orggate_").empty());
}

BOOST_AUTO_TEST_CASE(cookies_without_a_prefix_drop_every_spelling_find_cookie_would_read) {
    const std::string header =
        " orggate_session = s1 ;orggate_login_abcdefgh=l; orggate_flash=\"f\"; x=1";
    BOOST_TEST(*find_cookie(header, "orggate_session") == "s1");
    BOOST_TEST(cookies_without_prefix(header, "orggate_") == "x=1");
    // Names compare exactly, as find_cookie reads them: these are not orggate's cookies.
    BOOST_TEST(cookies_without_prefix("ORGGATE_SESSION=a; my_orggate_session=b", "orggate_") ==
               "ORGGATE_SESSION=a; my_orggate_session=b");
}

BOOST_AUTO_TEST_CASE(cookies_without_a_prefix_keep_a_piece_without_a_name_as_it_came) {
    // A piece without "=" names no cookie to orggate; the upstream's own parser decides.
    BOOST_TEST(cookies_without_prefix("flag; orggate_session=s; =v", "orggate_") == "flag; =v");
}

BOOST_AUTO_TEST_CASE(cookies_without_a_prefix_never_carry_a_control_character) {
    using namespace std::string_literals;
    const std::string header =
        "a=1; b=2\r\nX-Orggate-User: mona; c=\0; d=\x7f; e=\x01; f=o\tk; g=\nx; h=ok"s;
    const std::string kept = cookies_without_prefix(header, "orggate_");
    BOOST_TEST(kept == "a=1; f=o\tk; h=ok");
    for (const unsigned char c : kept)
        BOOST_TEST(((c >= 0x20 && c != 0x7F) || c == '\t'));
}

BOOST_AUTO_TEST_SUITE_END()
