// Malformed rules are logged once each, and the memory of them is bounded.
#include "gate/rule_warnings.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::gate;

BOOST_AUTO_TEST_SUITE(gate_rule_warnings)

BOOST_AUTO_TEST_CASE(each_rule_is_new_once) {
    RuleWarnings warnings;
    BOOST_TEST(warnings.first_time("group:infra"));
    BOOST_TEST(!warnings.first_time("group:infra"));
    BOOST_TEST(warnings.first_time("team:"));
    BOOST_TEST(!warnings.first_time("team:"));
}

BOOST_AUTO_TEST_CASE(past_its_capacity_nothing_more_is_remembered_or_logged) {
    RuleWarnings warnings(3);
    for (int n = 0; n < 3; ++n)
        BOOST_TEST(warnings.first_time("rule" + std::to_string(n)));
    BOOST_TEST(!warnings.first_time("rule3"));
    BOOST_TEST(!warnings.first_time("rule0"));
}

BOOST_AUTO_TEST_SUITE_END()
