// WaitingMark: a connection a worker took is never chosen to close, and one chosen is never
// served, however the two threads interleave.
#include "serve/waiting_mark.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

using orggate::serve::WaitingMark;

BOOST_AUTO_TEST_SUITE(waiting_mark)

BOOST_AUTO_TEST_CASE(a_new_connection_is_not_waiting) {
    const WaitingMark mark;
    BOOST_TEST(!mark.since().has_value());
}

BOOST_AUTO_TEST_CASE(published_it_waits_since_then_until_taken) {
    WaitingMark mark;
    mark.publish(42);
    BOOST_TEST(mark.since().value() == 42);
    BOOST_TEST(mark.take());
    BOOST_TEST(!mark.since().has_value());
    BOOST_TEST(!mark.claim(42));  // taken: cannot be chosen any more
}

BOOST_AUTO_TEST_CASE(chosen_it_is_not_served_and_not_chosen_again) {
    WaitingMark mark;
    mark.publish(42);
    BOOST_TEST(mark.claim(42));
    BOOST_TEST(!mark.since().has_value());
    BOOST_TEST(!mark.claim(42));
    BOOST_TEST(!mark.take());
}

BOOST_AUTO_TEST_CASE(armed_again_since_it_was_seen_it_is_not_chosen) {
    WaitingMark mark;
    mark.publish(42);
    BOOST_TEST(mark.take());
    mark.publish(43);
    BOOST_TEST(!mark.claim(42));
    BOOST_TEST(mark.claim(43));
}

// A worker taking and a thread choosing at the same moment: exactly one of them wins, every time.
BOOST_AUTO_TEST_CASE(a_race_between_taking_and_choosing_has_one_winner) {
    constexpr int kRounds = 2000;
    int both = 0;
    int neither = 0;
    for (int round = 1; round <= kRounds; ++round) {
        WaitingMark mark;
        mark.publish(round);
        std::atomic<bool> go{false};
        bool taken = false;
        bool claimed = false;
        std::thread worker([&] {
            while (!go.load()) {
            }
            taken = mark.take();
        });
        go.store(true);
        claimed = mark.claim(round);
        worker.join();
        both += taken && claimed;
        neither += !taken && !claimed;
    }
    BOOST_TEST(both == 0);
    BOOST_TEST(neither == 0);
}

BOOST_AUTO_TEST_SUITE_END()
