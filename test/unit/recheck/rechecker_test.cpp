// The re-check's thread: every due user once per pass, calls spread apart on a grid GitHub's
// latency does not stretch, a webhook's request served at once and queued once, a failing store
// that does not make GitHub hammered, and a prompt stop.
#include "recheck/rechecker.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "recheck/fake_user_store.hpp"
#include "support/fake_clock.hpp"

using namespace orggate;
using namespace orggate::recheck;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kLogin = 1'700'000'000;

// Answers every membership call "active" after `latency`, and notes when each came and with
// which token, for a test to wait on. While held, a call waits for release() (10 s at most).
class TimedGitHub final : public github::HttpClient {
public:
    github::HttpAnswer send(const github::HttpCall& call) override {
        std::unique_lock lock(mutex_);
        times_.push_back(std::chrono::steady_clock::now());
        for (const auto& [name, value] : call.headers) {
            if (name == "Authorization") tokens_.push_back(value);
        }
        arrived_.notify_all();
        arrived_.wait_for(lock, 10s, [this] { return !held_; });
        lock.unlock();
        std::this_thread::sleep_for(latency);
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
    std::vector<std::string> tokens() {
        std::lock_guard lock(mutex_);
        return tokens_;
    }
    void hold() {
        std::lock_guard lock(mutex_);
        held_ = true;
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            held_ = false;
        }
        arrived_.notify_all();
    }

    std::chrono::milliseconds latency{0};  // set before the Rechecker starts

private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<std::chrono::steady_clock::time_point> times_;
    std::vector<std::string> tokens_;
    bool held_ = false;
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

BOOST_AUTO_TEST_CASE(githubs_latency_does_not_stretch_the_gaps_between_calls) {
    store.add_session(1, "mona", "t-mona", kLogin);
    store.add_session(2, "hubot", "t-hubot", kLogin);
    store.add_session(3, "lisa", "t-lisa", kLogin);
    clock.set(kLogin + 10);
    http.latency = 900ms;
    const RecheckServices wired = services(3);  // 3 users in 3 s: a call a second
    Rechecker rechecker(wired, clock);
    const auto times = http.wait_for(3, 20s);
    BOOST_TEST_REQUIRE(times.size() >= 3u);
    // On the grid the third call starts 2 s after the first; a rest of a second after each
    // 900 ms answer would start it 3.8 s after.
    BOOST_TEST((times[2] - times[0] >= 1900ms));
    BOOST_TEST((times[2] - times[0] < 3s));
}

BOOST_AUTO_TEST_CASE(a_store_that_cannot_save_does_not_make_github_asked_back_to_back) {
    store.add_session(1, "mona", "t-mona", kLogin);
    store.add_session(2, "hubot", "t-hubot", kLogin);
    store.fail_writes = true;
    clock.set(kLogin + 10);
    const RecheckServices wired = services(2);  // a tick a second; 2 users: a call a second
    Rechecker rechecker(wired, clock);
    const auto times = http.wait_for(2, 20s);
    BOOST_TEST_REQUIRE(times.size() >= 2u);
    // A rest after the check that failed to save, as after any other.
    BOOST_TEST((times[1] - times[0] >= 900ms));
    // The ticks go on, but neither is due again before the unsaved record would have said
    // (the clock stands still): no user is asked again.
    std::this_thread::sleep_for(2500ms);
    BOOST_TEST(http.calls() == 2u);
}

BOOST_AUTO_TEST_CASE(a_user_asked_for_many_times_while_queued_is_checked_once) {
    store.add_session(1, "mona", "t-mona", kLogin);          // due
    store.add_session(2, "hubot", "t-hubot", kLogin + 650);  // not due before kLogin + 1250
    clock.set(kLogin + 700);
    http.hold();
    const RecheckServices wired = services(600);
    Rechecker rechecker(wired, clock);
    BOOST_TEST_REQUIRE(http.wait_for(1, 10s).size() == 1u);
    // Three webhook deliveries for hubot while the thread waits on GitHub for mona.
    for (int delivery = 0; delivery < 3; ++delivery)
        rechecker.check_soon({2, "hubot"});
    http.release();
    BOOST_TEST_REQUIRE(http.wait_for(2, 10s).size() >= 2u);
    std::this_thread::sleep_for(2500ms);  // more than two more gaps of a second
    BOOST_TEST(http.calls() == 2u);
    BOOST_TEST(http.tokens().back() == "Bearer t-hubot");
}

BOOST_AUTO_TEST_CASE(stop_ends_a_rest_at_once) {
    store.add_session(1, "mona", "t-mona", kLogin);
    store.add_session(2, "hubot", "t-hubot", kLogin);
    clock.set(kLogin + 700);
    const RecheckServices wired = services(600);  // two due users: a second's rest between
    Rechecker rechecker(wired, clock);
    BOOST_TEST_REQUIRE(http.wait_for(1, 10s).size() == 1u);
    const auto started = std::chrono::steady_clock::now();
    rechecker.stop();
    // Well under the second's rest that follows mona's call; hubot was never asked.
    BOOST_TEST((std::chrono::steady_clock::now() - started < 300ms));
    BOOST_TEST(http.calls() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
