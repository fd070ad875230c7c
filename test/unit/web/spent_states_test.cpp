// Used OAuth states: refused a second time for their lifetime, forgotten after, bounded.
#include "web/spent_states.hpp"

#include <boost/test/unit_test.hpp>

using orggate::web::SpentStates;

BOOST_AUTO_TEST_SUITE(spent_states)

BOOST_AUTO_TEST_CASE(a_state_is_spent_once) {
    SpentStates spent(10, 600);
    BOOST_TEST(spent.spend("a", 1000));
    BOOST_TEST(!spent.spend("a", 1000));
    BOOST_TEST(!spent.spend("a", 1599));
    BOOST_TEST(spent.spend("b", 1000));
}

BOOST_AUTO_TEST_CASE(a_state_is_forgotten_once_its_lifetime_is_over) {
    SpentStates spent(10, 600);
    BOOST_TEST(spent.spend("a", 1000));
    BOOST_TEST(spent.spend("a", 1600));
}

BOOST_AUTO_TEST_CASE(past_its_capacity_the_oldest_state_goes_first) {
    SpentStates spent(3, 600);
    for (const char* state : {"a", "b", "c", "d"})
        BOOST_TEST(spent.spend(state, 1000));
    BOOST_TEST(spent.spend("a", 1000));  // evicted to make room for "d"
    BOOST_TEST(!spent.spend("c", 1000));
    BOOST_TEST(!spent.spend("d", 1000));
}

BOOST_AUTO_TEST_SUITE_END()
