// Percent-encoding and query/form parsing, as browsers and GitHub send them.
#include "http/query.hpp"

#include <boost/test/unit_test.hpp>

using namespace orggate::http;

BOOST_AUTO_TEST_SUITE(query)

BOOST_AUTO_TEST_CASE(decodes_escapes_and_plus_in_forms) {
    BOOST_TEST(*percent_decode("a%20b%2Fc", false) == "a b/c");
    BOOST_TEST(*percent_decode("a+b", true) == "a b");
    BOOST_TEST(*percent_decode("a+b", false) == "a+b");
    BOOST_TEST(*percent_decode("%e2%9c%93", false) == "\xE2\x9C\x93");
}

BOOST_AUTO_TEST_CASE(refuses_broken_escapes) {
    for (const char* bad : {"%", "%2", "%zz", "abc%4", "%g0"}) {
        BOOST_TEST(!percent_decode(bad, false), bad);
    }
}

BOOST_AUTO_TEST_CASE(encodes_all_but_unreserved) {
    BOOST_TEST(percent_encode("AZaz09-._~") == "AZaz09-._~");
    BOOST_TEST(percent_encode("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9");
    BOOST_TEST(*percent_decode(percent_encode("any \x01 byte\xFF"), false) == "any \x01 byte\xFF");
}

BOOST_AUTO_TEST_CASE(parses_pairs_keeping_order_and_empty_values) {
    const Params params = parse_params("code=abc&state=x%2By&flag&&empty=&code=second");
    BOOST_REQUIRE(params.size() == 5u);
    BOOST_TEST(*find_param(params, "code") == "abc");
    BOOST_TEST(*find_param(params, "state") == "x+y");
    BOOST_TEST(*find_param(params, "flag") == "");
    BOOST_TEST(*find_param(params, "empty") == "");
    BOOST_TEST(!find_param(params, "missing"));
}

BOOST_AUTO_TEST_CASE(drops_pairs_that_do_not_decode) {
    const Params params = parse_params("good=1&bad=%zz&also%=2");
    BOOST_TEST(params.size() == 1u);
    BOOST_TEST(*find_param(params, "good") == "1");
}

BOOST_AUTO_TEST_CASE(encoded_params_round_trip) {
    const Params params{{"redirect_uri", "https://x.org/login/authorized"}, {"scope", "read:org"}};
    const std::string text = encode_params(params);
    BOOST_TEST(text == "redirect_uri=https%3A%2F%2Fx.org%2Flogin%2Fauthorized&scope=read%3Aorg");
    BOOST_TEST(parse_params(text) == params);
}

BOOST_AUTO_TEST_CASE(appends_a_param_before_the_fragment) {
    BOOST_TEST(append_param("https://a/u/1?v=4", "s", "30") == "https://a/u/1?v=4&s=30");
    BOOST_TEST(append_param("https://a/u/1", "s", "30") == "https://a/u/1?s=30");
    BOOST_TEST(append_param("https://a/u#top", "s", "30") == "https://a/u?s=30#top");
}

BOOST_AUTO_TEST_SUITE_END()
