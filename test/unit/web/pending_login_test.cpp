// One login in progress: its encoding, its state's shape, and its ten minutes.
#include "web/pending_login.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::web;

namespace {

constexpr std::int64_t kStart = 1'700'000'000;
const std::string kState = "st1_QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";

PendingLogin login(std::int64_t started_at = kStart) {
    return {kState, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "/page1?x=1&y=a%20b#top",
            started_at};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pending_login)

BOOST_AUTO_TEST_CASE(a_login_reads_back_as_it_was_written) {
    const auto decoded = decode_pending_login(encode_pending_login(login()));
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST(decoded->state == kState);
    BOOST_TEST(decoded->verifier == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    BOOST_TEST(decoded->next == "/page1?x=1&y=a%20b#top");
    BOOST_TEST(decoded->started_at == kStart);
}

BOOST_AUTO_TEST_CASE(only_43_base64url_characters_are_a_state) {
    BOOST_TEST(is_valid_state(kState));
    for (const std::string& bad : {std::string(), std::string(42, 'A'), std::string(44, 'A'),
                                   std::string(42, 'A') + "/", std::string(42, 'A') + "="}) {
        BOOST_TEST(!is_valid_state(bad), bad);
    }
}

BOOST_AUTO_TEST_CASE(a_login_is_fresh_for_ten_minutes_and_never_from_the_future) {
    BOOST_TEST(is_fresh(login(), kStart));
    BOOST_TEST(is_fresh(login(), kStart + kPendingLoginLifetime - 1));
    BOOST_TEST(!is_fresh(login(), kStart + kPendingLoginLifetime));
    BOOST_TEST(!is_fresh(login(kStart + 5), kStart));
}

BOOST_AUTO_TEST_CASE(the_oldest_possible_start_time_cannot_overflow_the_freshness_check) {
    // The smallest 64-bit number: "now - t" would overflow (found by test/fuzz).
    const auto decoded =
        decode_pending_login("s=" + kState + "&v=abc&n=%2F&t=-9223372036854775808");
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST(!is_fresh(*decoded, kStart));
}

BOOST_AUTO_TEST_CASE(anything_malformed_is_refused) {
    for (const std::string& text : {
             std::string(),
             std::string("garbage"),
             "s=" + kState + "&v=abc&n=%2F",           // no start time
             std::string("v=abc&n=%2F&t=1700000000"),  // no state
             std::string("s=short&v=abc&n=%2F&t=1700000000"),
             "s=" + kState + "&v=abc&n=%2F&t=17e8",
             "s=" + kState + "&v=abc&n=%2F&t=99999999999999999999",
         }) {
        BOOST_TEST(!decode_pending_login(text), text);
    }
}

BOOST_AUTO_TEST_SUITE_END()
