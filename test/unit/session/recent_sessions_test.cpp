// RecentSessions: what it keeps, what it refuses to keep, and that a slot holds one path.
#include "session/recent_sessions.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate;

namespace {

constexpr std::int64_t kSettle = 2'000'000'000;
constexpr std::int64_t kNow = 1'700'000'000'000'000'000;

FileStamp stamp_changed_at(std::int64_t changed_ns, std::uint64_t inode = 7) {
    return FileStamp{1, inode, 300, changed_ns, changed_ns};
}

Session session_of(const std::string& who) {
    Session session;
    session.values["who"] = who;
    return session;
}

// Two paths that share a slot.
std::pair<std::string, std::string> colliding_paths() {
    RecentSessions probe(0);
    const std::string first = "00/first.json";
    probe.remember(first, stamp_changed_at(0), session_of("a"), kNow);
    for (int n = 0;; ++n) {
        const std::string second = "00/other-" + std::to_string(n) + ".json";
        probe.remember(second, stamp_changed_at(0), session_of("b"), kNow);
        if (probe.find(first) == nullptr) return {first, second};
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(recent_sessions)

BOOST_AUTO_TEST_CASE(keeps_a_settled_file_with_its_stamp) {
    RecentSessions recent(kSettle);
    recent.remember("ab/x.json", stamp_changed_at(kNow - kSettle), session_of("mona"), kNow);
    const RecentSessions::Entry* entry = recent.find("ab/x.json");
    BOOST_TEST_REQUIRE(entry != nullptr);
    BOOST_TEST(entry->session.values.at("who") == "mona");
    BOOST_TEST((entry->stamp == stamp_changed_at(kNow - kSettle)));
    BOOST_TEST(recent.find("ab/y.json") == nullptr);
}

BOOST_AUTO_TEST_CASE(does_not_keep_a_file_changed_too_lately) {
    RecentSessions recent(kSettle);
    recent.remember("ab/x.json", stamp_changed_at(kNow - kSettle + 1), session_of("mona"), kNow);
    BOOST_TEST(recent.find("ab/x.json") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_late_change_drops_what_was_kept_for_the_path) {
    RecentSessions recent(kSettle);
    recent.remember("ab/x.json", stamp_changed_at(0), session_of("old"), kNow);
    recent.remember("ab/x.json", stamp_changed_at(kNow), session_of("new"), kNow);
    BOOST_TEST(recent.find("ab/x.json") == nullptr);
}

BOOST_AUTO_TEST_CASE(stamps_differ_in_any_part) {
    const FileStamp base{1, 2, 3, 4, 5};
    BOOST_TEST((base == FileStamp{1, 2, 3, 4, 5}));
    BOOST_TEST((base != FileStamp{9, 2, 3, 4, 5}));
    BOOST_TEST((base != FileStamp{1, 9, 3, 4, 5}));
    BOOST_TEST((base != FileStamp{1, 2, 9, 4, 5}));
    BOOST_TEST((base != FileStamp{1, 2, 3, 9, 5}));
    BOOST_TEST((base != FileStamp{1, 2, 3, 4, 9}));
}

BOOST_AUTO_TEST_CASE(a_slot_holds_one_path_and_forget_frees_it) {
    const auto [first, second] = colliding_paths();
    RecentSessions recent(kSettle);
    recent.remember(first, stamp_changed_at(0), session_of("a"), kNow);
    recent.remember(second, stamp_changed_at(0), session_of("b"), kNow);
    BOOST_TEST(recent.find(first) == nullptr);
    BOOST_TEST_REQUIRE(recent.find(second) != nullptr);
    BOOST_TEST(recent.find(second)->session.values.at("who") == "b");
    recent.forget(first);  // not the slot's path: nothing happens
    BOOST_TEST(recent.find(second) != nullptr);
    recent.forget(second);
    BOOST_TEST(recent.find(second) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
