// The re-check's thread: every due user once per pass, calls spread apart, a webhook's request
// served at once, and a prompt stop.
#include "recheck/rechecker.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "recheck/fake_user_store.hpp"
#include "support/fake_clock.hpp"

using namespace orggate;
using namespace orggate::recheck;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kLogin = 1'700'000'000;

// Answers every membership call "active" and notes when each came, for a test to wait on.
class TimedGitHub final : public github::HttpClient {
public:
    github::HttpAnswer send(const github::HttpCall&) override {
        std::lock_guard lock(mutex_);
        times_.push_back(std::chrono::steady_clock::now());
        arrived_.notify_all();
        github::HttpAnswer answer;
        answer.status = 200;
        answer.body = R"({"state":"active","role":"member"})";
        return answer;
    }

    // The times of the first `count` calls, once they came (empty after `timeout`).
    std::vector<std::chrono::steady_clock::time_point> wait_for(std::size_t count,
                                                                std::chrono::seconds timeout) {
        std::unique_lock lock(mutex_);
        if (!arrived_.wait_for(lock, timeout, [&] { return times_.size() >= count; })) return {};
        return times_;
    }
    std::size_t calls() {
        std::lock_guard lock(mutex_);
        return times_.size();
    }

private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<std::chrono::steady_clock::time_point> times_;
};

struct Fixture {
    TimedGitHub http;
    const github::GitHubClient github{http, {"https://web.test", "https://api.test", "id", "s"}};
    testing::FakeUserStore store;
    testing::FakeClock clock{kLogin};
    Metrics metrics;

    RecheckServices services(std::int64_t interval) {
        return {store,
                github,
                [](const Session& s) -> std::optional<std::string> { return s.values.at("token"); },
                metrics,
                [](const std::string&) {},
                "octo-org",
                {interval, 3600},
                std::chrono::seconds(5)};
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(rechecker, Fixture)

BOOST_AUTO_TEST_CASE(each_due_user_is_asked_once_per_pass_and_the_calls_are_spread) {
    store.add_session(1, "mona", "t-mona-1", kLogin);
    store.add_session(1, "mona", "t-mona-2", kLogin);
    store.add_session(2, "hubot", "t-hubot", kLogin);
    store.add_session(3, "lisa", "t-lisa", kLogin);
    clock.set(kLogin + 10);
    const RecheckServices wired = services(2);  // 3 users in 2 s: 666 ms between calls
    Rechecker rechecker(wired, clock);
    const auto times = http.wait_for(3, 20s);
    BOOST_TEST_REQUIRE(times.size() >= 3u);
    // The calls of one pass are at least the pace apart (load only makes them further apart).
    BOOST_TEST((times[2] - times[0] >= 1200ms));
    std::this_thread::sleep_for(1500ms);
    rechecker.stop();
    // The clock stood still: every user was confirmed once and is not due again.
    BOOST_TEST(http.calls() == 3u);
}

BOOST_AUTO_TEST_CASE(a_user_asked_for_is_checked_at_once_though_not_due) {
    store.add_session(1, "mona", "t-mona", kLogin);
    const RecheckServices wired = services(600);  // a pass every 30 s, nobody due
    Rechecker rechecker(wired, clock);
    std::this_thread::sleep_for(200ms);
    BOOST_TEST(http.calls() == 0u);
    rechecker.check_soon({1, "mona"});
    BOOST_TEST(http.wait_for(1, 10s).size() == 1u);
}

BOOST_AUTO_TEST_CASE(stop_ends_a_rest_at_once) {
    store.add_session(1, "mona", "t-mona", kLogin);
    clock.set(kLogin + 700);
    const RecheckServices wired = services(600);  // one user: a one-second rest after its call
    Rechecker rechecker(wired, clock);
    BOOST_TEST_REQUIRE(http.wait_for(1, 10s).size() == 1u);
    const auto started = std::chrono::steady_clock::now();
    rechecker.stop();
    // Far below the 30 s tick it would otherwise sleep.
    BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
}

BOOST_AUTO_TEST_SUITE_END()
