// Logins in progress: each state works once, within ten minutes, and few are kept.
#include "web/pending_login.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

using namespace orggate;
using namespace orggate::web;

namespace {

constexpr std::int64_t kStart = 1'700'000'000;

// A 43-character base64url state, like the 32 random bytes the login route makes.
std::string state_number(int n) {
    std::string state = "st" + std::to_string(n) + "_";
    state.resize(43, 'Q');
    return state;
}

PendingLogin login(int n, std::int64_t started_at = kStart) {
    return {state_number(n), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "/page1?x=1&y=a%20b#top", started_at};
}

// Whether `state` is still waiting in `logins` at `now`; taking it uses it up.
bool takes(PendingLogins& logins, const std::string& state, std::int64_t now = kStart) {
    return take_pending_login(logins, state, now).has_value();
}

PendingLogins round_trip(const PendingLogins& logins) {
    return decode_pending_logins(encode_pending_logins(logins));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pending_login)

BOOST_AUTO_TEST_CASE(a_login_is_taken_back_as_it_was_added_through_its_encoding) {
    PendingLogins logins;
    add_pending_login(logins, login(1), kStart);
    logins = round_trip(logins);
    const std::optional<PendingLogin> taken = take_pending_login(logins, state_number(1), kStart);
    BOOST_REQUIRE(taken.has_value());
    BOOST_TEST(taken->verifier == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    BOOST_TEST(taken->next == "/page1?x=1&y=a%20b#top");
    BOOST_TEST(taken->started_at == kStart);
    BOOST_TEST(logins.empty());
}

BOOST_AUTO_TEST_CASE(a_state_works_only_once) {
    PendingLogins logins;
    add_pending_login(logins, login(1), kStart);
    BOOST_TEST(takes(logins, state_number(1)));
    BOOST_TEST(!takes(logins, state_number(1)));
}

BOOST_AUTO_TEST_CASE(a_state_listed_twice_still_works_once) {
    // Found by test/fuzz: taking a moved-from copy left the duplicate behind.
    PendingLogins logins{login(1), login(2), login(1)};
    BOOST_TEST(takes(logins, state_number(1)));
    BOOST_TEST(!takes(logins, state_number(1)));
    BOOST_REQUIRE(logins.size() == 1u);
    BOOST_TEST(logins[0].state == state_number(2));
}

BOOST_AUTO_TEST_CASE(an_unknown_state_finds_nothing_and_leaves_the_login_waiting) {
    PendingLogins logins;
    add_pending_login(logins, login(1), kStart);
    BOOST_TEST(!takes(logins, state_number(2)));
    BOOST_TEST(takes(logins, state_number(1)));
}

BOOST_AUTO_TEST_CASE(a_malformed_state_is_refused_and_never_decoded) {
    PendingLogins logins{{"short", "v", "/", kStart}};
    BOOST_TEST(!takes(logins, "short"));
    BOOST_TEST(round_trip(logins).empty());
    BOOST_TEST(!takes(logins, std::string(42, 'A') + "/"));
}

BOOST_AUTO_TEST_CASE(a_login_expires_after_ten_minutes) {
    PendingLogins logins;
    add_pending_login(logins, login(1), kStart);
    add_pending_login(logins, login(2), kStart);
    BOOST_TEST(takes(logins, state_number(1), kStart + kPendingLoginLifetime - 1));
    BOOST_TEST(!takes(logins, state_number(2), kStart + kPendingLoginLifetime));
}

BOOST_AUTO_TEST_CASE(a_login_started_in_the_future_is_refused) {
    PendingLogins logins{login(1, kStart + 5)};
    BOOST_TEST(!takes(logins, state_number(1), kStart));
}

BOOST_AUTO_TEST_CASE(at_most_five_are_kept_and_the_oldest_goes_first) {
    PendingLogins logins;
    for (int n = 1; n <= 6; ++n)
        add_pending_login(logins, login(n), kStart);  // all in one second: order still holds
    BOOST_TEST(logins.size() == kMaxPendingLogins);
    BOOST_TEST(!takes(logins, state_number(1)));
    for (int n = 2; n <= 6; ++n)
        BOOST_TEST(takes(logins, state_number(n)), n);
}

BOOST_AUTO_TEST_CASE(expired_logins_are_dropped_when_another_is_added) {
    PendingLogins logins;
    add_pending_login(logins, login(1), kStart);
    add_pending_login(logins, login(2, kStart + kPendingLoginLifetime),
                      kStart + kPendingLoginLifetime);
    BOOST_REQUIRE(logins.size() == 1u);
    BOOST_TEST(logins[0].state == state_number(2));
}

BOOST_AUTO_TEST_CASE(long_return_paths_push_older_logins_out_but_never_the_newest) {
    PendingLogins logins;
    for (int n = 1; n <= 3; ++n) {
        PendingLogin big = login(n);
        big.next = "/" + std::string(1900, 'x');
        add_pending_login(logins, big, kStart);
        BOOST_TEST(encode_pending_logins(logins).size() <= kMaxPendingLoginsBytes);
        BOOST_TEST(logins.back().state == state_number(n));
    }
    BOOST_TEST(logins.size() == 1u);
}

BOOST_AUTO_TEST_CASE(corrupted_lines_are_dropped_and_the_rest_decode) {
    const std::string good = encode_pending_logins({login(1)});
    const std::string corrupted[] = {
        "",
        "garbage",
        "s=" + state_number(2) + "&v=abc&n=%2F",  // no start time
        "v=abc&n=%2F&t=1700000000",               // no state
        "s=" + state_number(2) + "&v=abc&n=%2F&t=17e8",
        "s=" + state_number(2) + "&v=abc&n=%2F&t=99999999999999999999",
    };
    for (const std::string& line : corrupted) {
        const PendingLogins decoded = decode_pending_logins(line + "\n" + good);
        BOOST_REQUIRE(decoded.size() == 1u);
        BOOST_TEST(decoded[0].state == state_number(1));
    }
}

BOOST_AUTO_TEST_CASE(the_oldest_possible_start_time_cannot_overflow_the_freshness_check) {
    // The smallest 64-bit number: "now - t" would overflow (found by test/fuzz).
    PendingLogins logins =
        decode_pending_logins("s=" + state_number(1) + "&v=abc&n=%2F&t=-9223372036854775808");
    BOOST_REQUIRE(logins.size() == 1u);
    BOOST_TEST(!takes(logins, state_number(1)));
}

BOOST_AUTO_TEST_SUITE_END()
