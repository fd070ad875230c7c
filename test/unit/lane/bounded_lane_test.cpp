// The lane: runs tasks on its own threads, never more than its capacity, drains on stop.
#include "lane/bounded_lane.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using orggate::lane::BoundedLane;

namespace {

// A gate the tasks wait at until the test opens it.
struct Gate {
    std::mutex mutex;
    std::condition_variable opened_cv;
    bool opened = false;
    void wait() {
        std::unique_lock lock(mutex);
        opened_cv.wait(lock, [this] { return opened; });
    }
    void open() {
        {
            std::lock_guard lock(mutex);
            opened = true;
        }
        opened_cv.notify_all();
    }
};

void no_log(const std::string&) {}

}  // namespace

BOOST_AUTO_TEST_SUITE(bounded_lane)

BOOST_AUTO_TEST_CASE(tasks_run_on_another_thread) {
    BoundedLane lane(2, no_log);
    std::atomic<bool> ran{false};
    std::thread::id where;
    BOOST_TEST(lane.try_run([&] {
        where = std::this_thread::get_id();
        ran = true;
    }));
    lane.stop();
    BOOST_TEST(ran.load());
    BOOST_TEST((where != std::this_thread::get_id()));
}

BOOST_AUTO_TEST_CASE(a_full_lane_refuses_at_once_and_takes_tasks_again_when_one_ends) {
    BoundedLane lane(3, no_log);
    Gate gate;
    std::atomic<int> done{0};
    for (int i = 0; i < 3; ++i) {
        BOOST_TEST(lane.try_run([&] {
            gate.wait();
            ++done;
        }));
    }
    const auto before = std::chrono::steady_clock::now();
    BOOST_TEST(!lane.try_run([] {}));
    BOOST_TEST((std::chrono::steady_clock::now() - before < std::chrono::seconds(1)));
    gate.open();
    // Room again once the held tasks end.
    bool accepted = false;
    for (int attempt = 0; attempt < 1000 && !accepted; ++attempt) {
        accepted = lane.try_run([&] { ++done; });
        if (!accepted) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    BOOST_TEST(accepted);
    lane.stop();
    BOOST_TEST(done.load() == 4);
}

BOOST_AUTO_TEST_CASE(stop_waits_for_accepted_tasks_and_then_refuses) {
    BoundedLane lane(4, no_log);
    std::atomic<int> done{0};
    for (int i = 0; i < 4; ++i) {
        lane.try_run([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            ++done;
        });
    }
    lane.stop();
    BOOST_TEST(done.load() == 4);
    BOOST_TEST(!lane.try_run([] {}));
}

BOOST_AUTO_TEST_CASE(a_throwing_task_is_logged_and_the_lane_goes_on) {
    std::vector<std::string> lines;
    std::mutex lines_mutex;
    BoundedLane lane(1, [&](const std::string& line) {
        std::lock_guard lock(lines_mutex);
        lines.push_back(line);
    });
    lane.try_run([] { throw std::runtime_error("boom"); });
    std::atomic<bool> ran{false};
    for (int attempt = 0; attempt < 1000 && !ran; ++attempt) {
        if (!lane.try_run([&] { ran = true; })) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    lane.stop();
    BOOST_TEST(ran.load());
    BOOST_REQUIRE(lines.size() == 1u);
    BOOST_TEST(lines[0].find("boom") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
