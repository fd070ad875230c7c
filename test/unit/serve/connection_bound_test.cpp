// ConnectionBound: room below the limit, and one episode per stay at the bound.
#include "serve/connection_bound.hpp"

#include <boost/test/unit_test.hpp>

using orggate::serve::ConnectionBound;

BOOST_AUTO_TEST_SUITE(connection_bound)

BOOST_AUTO_TEST_CASE(one_more_fits_only_below_the_limit) {
    const ConnectionBound bound(256);
    BOOST_TEST(bound.has_room(0));
    BOOST_TEST(bound.has_room(255));
    BOOST_TEST(!bound.has_room(256));
    BOOST_TEST(!bound.has_room(300));
}

BOOST_AUTO_TEST_CASE(hovering_at_the_bound_is_one_episode) {
    ConnectionBound bound(256);
    BOOST_TEST(bound.reached());
    for (int i = 0; i < 100; ++i) {
        bound.note_open(255);
        BOOST_TEST(!bound.reached());
    }
    bound.note_open(192);  // 3/4 of the bound: still the same episode
    BOOST_TEST(!bound.reached());
}

BOOST_AUTO_TEST_CASE(an_episode_ends_once_a_quarter_has_closed) {
    ConnectionBound bound(256);
    BOOST_TEST(bound.reached());
    bound.note_open(191);
    BOOST_TEST(bound.reached());
    BOOST_TEST(!bound.reached());
}

BOOST_AUTO_TEST_SUITE_END()
