// The re-check's call grid: a pass of N calls lasts N gaps whatever GitHub's latency below a
// gap, the gaps spread the interval but never exceed a second, and a rest is never negative.
#include "recheck/recheck_pacing.hpp"

#include <boost/test/unit_test.hpp>

using namespace orggate::recheck;
using namespace std::chrono_literals;

namespace {

const PaceClock::time_point kStart{100s};

// The moment a pass of `users` calls over `interval` seconds ends when each of GitHub's answers
// takes `latency`, resting as the Rechecker does: until next_call_at, capped by rest_until.
PaceClock::time_point pass_end(std::int64_t interval, std::size_t users,
                               std::chrono::milliseconds latency) {
    const std::chrono::milliseconds spacing = call_spacing(interval, users);
    PaceClock::time_point now = kStart;
    for (std::size_t calls = 1; calls <= users; ++calls) {
        now += latency;
        now += rest_until(next_call_at(kStart, calls, spacing), now);
    }
    return now;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(recheck_pacing)

BOOST_AUTO_TEST_CASE(the_interval_is_spread_over_the_users_but_no_gap_exceeds_a_second) {
    BOOST_TEST(call_spacing(300, 1000).count() == 300);
    BOOST_TEST(call_spacing(2, 3).count() == 666);
    BOOST_TEST(call_spacing(600, 2).count() == 1000);
    BOOST_TEST(call_spacing(600, 0).count() == 1000);
}

BOOST_AUTO_TEST_CASE(githubs_latency_does_not_add_to_the_gaps_so_a_pass_fits_the_interval) {
    // 1000 users every 5 minutes, each answer in 200 ms: the pass ends at the interval, not
    // 200 s later as a 300 ms rest after every answer would make it.
    BOOST_TEST((pass_end(300, 1000, 200ms) - kStart == 300s));
    BOOST_TEST((pass_end(300, 1000, 0ms) - kStart == 300s));
}

BOOST_AUTO_TEST_CASE(answers_slower_than_a_gap_are_followed_at_once_never_by_a_negative_rest) {
    BOOST_TEST((pass_end(300, 1000, 500ms) - kStart == 500s));
    BOOST_TEST(rest_until(kStart, kStart + 5s).count() == 0);
}

BOOST_AUTO_TEST_CASE(a_slow_answer_is_made_up_for_by_the_calls_after_it) {
    const std::chrono::milliseconds spacing = call_spacing(300, 1000);
    // The first answer took 700 ms: the next two calls start at once, the fourth on the grid.
    BOOST_TEST(rest_until(next_call_at(kStart, 1, spacing), kStart + 700ms).count() == 0);
    BOOST_TEST(rest_until(next_call_at(kStart, 2, spacing), kStart + 750ms).count() == 0);
    BOOST_TEST(rest_until(next_call_at(kStart, 3, spacing), kStart + 800ms).count() == 100);
}

BOOST_AUTO_TEST_CASE(no_rest_is_longer_than_a_second) {
    BOOST_TEST(rest_until(kStart + 10s, kStart).count() == 1000);
    BOOST_TEST(rest_until(kStart + 250ms, kStart).count() == 250);
}

BOOST_AUTO_TEST_SUITE_END()
