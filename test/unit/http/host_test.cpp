// Host comparison: exact but for case.
#include "http/host.hpp"

#include <boost/test/unit_test.hpp>

using orggate::http::same_host;

BOOST_AUTO_TEST_SUITE(host)

BOOST_AUTO_TEST_CASE(hosts_compare_without_case_and_with_their_port) {
    BOOST_TEST(same_host("Gate.Example", "gate.example"));
    BOOST_TEST(same_host("127.0.0.1:8080", "127.0.0.1:8080"));
    BOOST_TEST(!same_host("127.0.0.1:8081", "127.0.0.1:8080"));
    BOOST_TEST(!same_host("x.gate.example", "gate.example"));
    BOOST_TEST(!same_host("gate.example.", "gate.example"));
    BOOST_TEST(!same_host("", "gate.example"));
}

BOOST_AUTO_TEST_SUITE_END()
