// When a session counts as live.
#include "session/session.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>

using namespace orggate;

namespace {

const SessionLimits kLimits{100, 1000};

Session session_at(std::int64_t created_at, std::int64_t last_seen_at) {
    Session session;
    session.created_at = created_at;
    session.last_seen_at = last_seen_at;
    return session;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(live_until_the_idle_timeout_has_passed) {
    const Session session = session_at(5000, 5000);
    BOOST_TEST(is_live(session, kLimits, 5000));
    BOOST_TEST(is_live(session, kLimits, 5099));
    BOOST_TEST(!is_live(session, kLimits, 5100));
}

BOOST_AUTO_TEST_CASE(dead_after_its_lifetime_however_recently_seen) {
    const Session session = session_at(5000, 5990);
    BOOST_TEST(is_live(session, kLimits, 5999));
    BOOST_TEST(!is_live(session, kLimits, 6000));
}

BOOST_AUTO_TEST_CASE(extreme_stamps_from_a_file_do_not_overflow) {
    const std::int64_t min = std::numeric_limits<std::int64_t>::min();
    const std::int64_t max = std::numeric_limits<std::int64_t>::max();
    BOOST_TEST(!is_live(session_at(min, min), kLimits, 5000));
    BOOST_TEST(!is_live(session_at(min, max), kLimits, 5000));
    BOOST_TEST(!is_live(session_at(max, min), kLimits, 5000));
}

BOOST_AUTO_TEST_CASE(empty_means_no_values_and_no_user) {
    Session session;
    BOOST_TEST(session.empty());
    session.values["k"] = "v";
    BOOST_TEST(!session.empty());
    session.values.clear();
    session.user = UserProfile{};
    BOOST_TEST(!session.empty());
}

BOOST_AUTO_TEST_SUITE_END()
