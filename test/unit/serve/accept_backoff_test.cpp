// Accept failures: the normal ones are told from trouble, and trouble backs off within bounds.
#include "serve/accept_backoff.hpp"

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <vector>

using orggate::serve::AcceptBackoff;
using orggate::serve::is_normal_accept_error;

BOOST_AUTO_TEST_SUITE(accept_backoff)

BOOST_AUTO_TEST_CASE(lost_races_signals_and_aborted_clients_are_normal) {
    for (const int error : {EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED})
        BOOST_TEST(is_normal_accept_error(error));
}

BOOST_AUTO_TEST_CASE(running_out_of_descriptors_or_memory_is_trouble) {
    for (const int error : {EMFILE, ENFILE, ENOBUFS, ENOMEM, EBADF, EINVAL, 0})
        BOOST_TEST(!is_normal_accept_error(error));
}

BOOST_AUTO_TEST_CASE(waits_double_from_10_ms_and_stop_at_1_s) {
    AcceptBackoff backoff;
    std::vector<long> waits;
    for (int i = 0; i < 10; ++i)
        waits.push_back(static_cast<long>(backoff.next_wait().count()));
    const std::vector<long> expected = {10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000};
    BOOST_TEST(waits == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_accepted_connection_starts_the_waits_over) {
    AcceptBackoff backoff;
    for (int i = 0; i < 5; ++i)
        backoff.next_wait();
    backoff.reset();
    BOOST_TEST(backoff.next_wait().count() == 10);
}

BOOST_AUTO_TEST_SUITE_END()
