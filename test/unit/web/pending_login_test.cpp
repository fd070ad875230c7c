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

PendingLogin login_started_at(std::int64_t started_at) {
    return {"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "/page1?x=1&y=a%20b#top",
            "https://gate.example/login/authorized", started_at};
}

// Whether `state` is still waiting in `session` at `now`; taking it uses it up.
bool takes(Session& session, const std::string& state, std::int64_t now = kStart) {
    return take_pending_login(session, state, now).has_value();
}

const std::string kCorrupted[] = {
    "",
    "garbage",
    "v=abc&n=%2F&r=https%3A%2F%2Fgate.example",  // no start time
    "n=%2F&r=https%3A%2F%2Fgate.example&t=1700000000",
    "v=abc&n=%2F&r=https%3A%2F%2Fgate.example&t=-5",
    "v=abc&n=%2F&r=https%3A%2F%2Fgate.example&t=17e8",
    "v=abc&n=%2F&r=https%3A%2F%2Fgate.example&t=99999999999999999999",
    // 19 digits, yet beyond the largest 64-bit number.
    "v=abc&n=%2F&r=https%3A%2F%2Fgate.example&t=9999999999999999999",
    // The smallest 64-bit number: "now - t" would overflow (found by test/fuzz).
    "v=abc&n=%2F&r=https%3A%2F%2Fgate.example&t=-9223372036854775808&q=1",
};

// A session holding one login whose stored value was replaced by `value`.
Session with_corrupted_login(const std::string& value) {
    Session session;
    add_pending_login(session, state_number(1), login_started_at(kStart), kStart);
    BOOST_TEST_REQUIRE(session.values.size() == 1u);
    session.values.begin()->second = value;
    return session;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pending_login)

BOOST_AUTO_TEST_CASE(a_login_is_taken_back_as_it_was_added) {
    Session session;
    const PendingLogin login = login_started_at(kStart);
    add_pending_login(session, state_number(1), login, kStart);
    const auto taken = take_pending_login(session, state_number(1), kStart + 5);
    BOOST_TEST_REQUIRE(taken.has_value());
    BOOST_TEST(taken->verifier == login.verifier);
    BOOST_TEST(taken->next == login.next);
    BOOST_TEST(taken->redirect_uri == login.redirect_uri);
    BOOST_TEST(taken->started_at == kStart);
}

BOOST_AUTO_TEST_CASE(a_state_works_only_once) {
    Session session;
    add_pending_login(session, state_number(1), login_started_at(kStart), kStart);
    BOOST_TEST(takes(session, state_number(1)));
    BOOST_TEST(!takes(session, state_number(1)));
}

BOOST_AUTO_TEST_CASE(an_unknown_state_finds_nothing_and_leaves_the_login_waiting) {
    Session session;
    add_pending_login(session, state_number(1), login_started_at(kStart), kStart);
    BOOST_TEST(!takes(session, state_number(2)));
    BOOST_TEST(takes(session, state_number(1)));
}

BOOST_AUTO_TEST_CASE(a_malformed_state_is_refused_even_if_stored) {
    const std::string malformed[] = {
        std::string(42, 'A'),
        std::string(44, 'A'),
        std::string(42, 'A') + "+",
        std::string(42, 'A') + "/",
        std::string(42, 'A') + "=",
        std::string(42, 'A') + ".",
        "",
    };
    for (const std::string& state : malformed) {
        Session session;
        add_pending_login(session, state, login_started_at(kStart), kStart);
        BOOST_TEST(!takes(session, state), state);
    }
}

BOOST_AUTO_TEST_CASE(a_login_expires_after_ten_minutes) {
    Session session;
    add_pending_login(session, state_number(1), login_started_at(kStart), kStart);
    add_pending_login(session, state_number(2), login_started_at(kStart), kStart);
    BOOST_TEST(takes(session, state_number(1), kStart + 599));
    BOOST_TEST(!takes(session, state_number(2), kStart + 600));
}

BOOST_AUTO_TEST_CASE(a_login_started_in_the_future_is_refused) {
    Session session;
    add_pending_login(session, state_number(1), login_started_at(kStart + 60), kStart);
    BOOST_TEST(!takes(session, state_number(1), kStart));
}

BOOST_AUTO_TEST_CASE(at_most_five_are_kept_and_the_oldest_goes_first) {
    Session session;
    for (int n = 1; n <= 6; ++n) {
        add_pending_login(session, state_number(n), login_started_at(kStart + n), kStart + n);
    }
    BOOST_TEST(session.values.size() == kMaxPendingLogins);
    BOOST_TEST(!takes(session, state_number(1), kStart + 10));
    for (int n = 2; n <= 6; ++n) {
        BOOST_TEST(takes(session, state_number(n), kStart + 10), n);
    }
}

BOOST_AUTO_TEST_CASE(within_one_second_the_first_started_still_goes_first) {
    Session session;
    // Started in reverse key order, so an eviction by key would pick the wrong one.
    for (int n = 6; n >= 1; --n) {
        add_pending_login(session, state_number(n), login_started_at(kStart), kStart);
    }
    BOOST_TEST(!takes(session, state_number(6), kStart));
    for (int n = 1; n <= 5; ++n)
        BOOST_TEST(takes(session, state_number(n), kStart), n);
}

BOOST_AUTO_TEST_CASE(expired_logins_are_dropped_when_another_is_added) {
    Session session;
    add_pending_login(session, state_number(1), login_started_at(kStart), kStart);
    add_pending_login(session, state_number(2), login_started_at(kStart + 600), kStart + 600);
    BOOST_TEST(session.values.size() == 1u);
    BOOST_TEST(takes(session, state_number(2), kStart + 600));
}

BOOST_AUTO_TEST_CASE(other_session_values_are_left_alone) {
    Session session;
    session.values = {{"csrf_token", "csrf-abc"}, {"github_token", "sealed-xyz"}};
    const auto others = session.values;
    for (int n = 1; n <= 7; ++n) {
        add_pending_login(session, state_number(n), login_started_at(kStart + n), kStart + n);
    }
    add_pending_login(session, state_number(8), login_started_at(kStart + 700), kStart + 700);
    BOOST_TEST(takes(session, state_number(8), kStart + 700));
    BOOST_TEST((session.values == others));
}

BOOST_AUTO_TEST_CASE(a_corrupted_stored_login_is_refused) {
    for (const std::string& value : kCorrupted) {
        Session session = with_corrupted_login(value);
        std::optional<PendingLogin> taken;
        BOOST_CHECK_NO_THROW(taken = take_pending_login(session, state_number(1), kStart + 1));
        BOOST_TEST(!taken, value);
    }
}

BOOST_AUTO_TEST_CASE(a_corrupted_stored_login_does_not_block_the_next_one) {
    for (const std::string& value : kCorrupted) {
        Session session = with_corrupted_login(value);
        BOOST_CHECK_NO_THROW(
            add_pending_login(session, state_number(2), login_started_at(kStart + 1), kStart + 1));
        BOOST_TEST(takes(session, state_number(2), kStart + 1), value);
    }
}

BOOST_AUTO_TEST_SUITE_END()
