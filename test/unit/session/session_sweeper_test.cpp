// The background sweeper: sweeps, reports failures, and stops promptly.
#include "session/session_sweeper.hpp"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace orggate;
using namespace std::chrono_literals;

namespace {

// Counts sweeps, fails the first `failures` of them, and lets a test wait for a count.
class CountingStore final : public SessionStore {
public:
    explicit CountingStore(int failures = 0) : failures_(failures) {}

    std::optional<Session> load(const std::string&) override { return std::nullopt; }
    Session update(const std::string&, const std::function<void(Session&)>&) override { return {}; }
    void destroy(const std::string&) override {}
    std::optional<std::string> health_problem() override { return std::nullopt; }
    SweepStats sweep() override {
        std::lock_guard lock(mutex_);
        ++sweeps_;
        changed_.notify_all();
        if (sweeps_ <= failures_) throw std::runtime_error("disk on fire");
        return {0, 3};
    }

    bool wait_for_sweeps(int count, std::chrono::seconds timeout) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return sweeps_ >= count; });
    }
    int sweeps() {
        std::lock_guard lock(mutex_);
        return sweeps_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int sweeps_ = 0;
    int failures_;
};

// A sweep that goes on until it is told to stop (or 30 s), noting the sweeping thread's
// priority.
class EndlessStore final : public SessionStore {
public:
    std::optional<Session> load(const std::string&) override { return std::nullopt; }
    Session update(const std::string&, const std::function<void(Session&)>&) override { return {}; }
    void destroy(const std::string&) override {}
    std::optional<std::string> health_problem() override { return std::nullopt; }
    SweepStats sweep() override {
        return sweep_while([] { return true; });
    }
    SweepStats sweep_while(const std::function<bool()>& keep_sweeping) override {
        {
            std::lock_guard lock(mutex_);
            priority_ = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
            started_ = true;
        }
        changed_.notify_all();
        const auto give_up = std::chrono::steady_clock::now() + 30s;
        while (keep_sweeping() && std::chrono::steady_clock::now() < give_up)
            std::this_thread::sleep_for(1ms);
        return {0, 1, false};
    }

    // The sweeping thread's nice value, once a sweep has started.
    int wait_for_priority() {
        std::unique_lock lock(mutex_);
        BOOST_TEST_REQUIRE(changed_.wait_for(lock, 10s, [&] { return started_; }));
        return priority_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool started_ = false;
    int priority_ = 0;
};

// A sweep of kParts parts, each burning kPartCpu of the sweeping thread's CPU.
class BusyStore final : public SessionStore {
public:
    static constexpr int kParts = 5;
    static constexpr auto kPartCpu = 20ms;

    std::optional<Session> load(const std::string&) override { return std::nullopt; }
    Session update(const std::string&, const std::function<void(Session&)>&) override { return {}; }
    void destroy(const std::string&) override {}
    std::optional<std::string> health_problem() override { return std::nullopt; }
    SweepStats sweep() override {
        return sweep_while([] { return true; });
    }
    SweepStats sweep_while(const std::function<bool()>& keep_sweeping) override {
        const auto started = std::chrono::steady_clock::now();
        for (int part = 0; part < kParts; ++part) {
            if (!keep_sweeping()) return {0, 0, false};
            burn_cpu(kPartCpu);
        }
        std::lock_guard lock(mutex_);
        wall_ = std::chrono::steady_clock::now() - started;
        done_.notify_all();
        return {};
    }

    std::chrono::steady_clock::duration wait_for_wall_time() {
        std::unique_lock lock(mutex_);
        BOOST_TEST_REQUIRE(done_.wait_for(lock, 20s, [&] { return wall_.count() > 0; }));
        return wall_;
    }

private:
    static std::chrono::nanoseconds thread_cpu() {
        timespec now{};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
    }
    static void burn_cpu(std::chrono::nanoseconds amount) {
        const auto until = thread_cpu() + amount;
        while (thread_cpu() < until) {
        }
    }

    std::mutex mutex_;
    std::condition_variable done_;
    std::chrono::steady_clock::duration wall_{};
};

// Collects log lines written from the sweeper thread.
class LogLines {
public:
    SessionSweeper::Log callback() {
        return [this](const std::string& line) {
            std::lock_guard lock(mutex_);
            lines_.push_back(line);
        };
    }
    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }

private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(session_sweeper)

BOOST_AUTO_TEST_CASE(sweeps_once_right_away) {
    CountingStore store;
    LogLines log;
    SessionSweeper sweeper(store, 1h, log.callback());
    BOOST_TEST(store.wait_for_sweeps(1, 10s));
}

BOOST_AUTO_TEST_CASE(sweeps_again_every_interval) {
    CountingStore store;
    LogLines log;
    SessionSweeper sweeper(store, 1s, log.callback());
    BOOST_TEST(store.wait_for_sweeps(3, 10s));
}

BOOST_AUTO_TEST_CASE(stop_wakes_the_thread_without_waiting_out_the_interval) {
    CountingStore store;
    LogLines log;
    SessionSweeper sweeper(store, 1h, log.callback());
    BOOST_TEST_REQUIRE(store.wait_for_sweeps(1, 10s));
    const auto start = std::chrono::steady_clock::now();
    sweeper.stop();
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
    sweeper.stop();
    BOOST_TEST(store.sweeps() == 1);
}

BOOST_AUTO_TEST_CASE(destructor_stops_the_thread) {
    CountingStore store;
    LogLines log;
    const auto start = std::chrono::steady_clock::now();
    { SessionSweeper sweeper(store, 1h, log.callback()); }
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
}

BOOST_AUTO_TEST_CASE(a_failed_sweep_is_logged_and_the_next_one_still_runs) {
    CountingStore store(1);
    LogLines log;
    SessionSweeper sweeper(store, 1s, log.callback());
    BOOST_TEST_REQUIRE(store.wait_for_sweeps(2, 10s));
    sweeper.stop();
    std::vector<std::string> errors;
    for (const std::string& line : log.lines()) {
        if (line.rfind("event=error ", 0) == 0) errors.push_back(line);
    }
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors.front().find("disk on fire") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_sweep_logs_what_it_found_and_what_it_cost) {
    CountingStore store(1);
    LogLines log;
    SessionSweeper sweeper(store, 1s, log.callback());
    BOOST_TEST_REQUIRE(store.wait_for_sweeps(2, 10s));
    sweeper.stop();
    const std::vector<std::string> lines = log.lines();
    BOOST_TEST_REQUIRE(lines.size() == 2u);
    BOOST_TEST(lines[0].rfind("event=error ", 0) == 0);
    long long ms = -1;
    long long cpu_ms = -1;
    int end = 0;
    const int fields = std::sscanf(
        lines[1].c_str(), "event=sweep removed=0 kept=3 ms=%lld cpu_ms=%lld%n", &ms, &cpu_ms, &end);
    BOOST_TEST((fields == 2 && end == static_cast<int>(lines[1].size())), lines[1]);
    BOOST_TEST(ms >= 0);
    BOOST_TEST(cpu_ms >= 0);
}

BOOST_AUTO_TEST_CASE(sweeps_at_the_lowest_cpu_priority) {
    EndlessStore store;
    LogLines log;
    SessionSweeper sweeper(store, 1h, log.callback());
    BOOST_TEST(store.wait_for_priority() == 19);
}

// Only a lower bound, so a busy machine cannot fail it: resting can only make a sweep longer.
BOOST_AUTO_TEST_CASE(rests_between_parts_as_long_as_the_last_part_took_of_cpu) {
    BusyStore store;
    LogLines log;
    SessionSweeper sweeper(store, 1h, log.callback());
    const auto wall = store.wait_for_wall_time();
    const auto rests = (BusyStore::kParts - 1) * BusyStore::kPartCpu;
    BOOST_TEST((wall >= BusyStore::kParts * BusyStore::kPartCpu + rests - 10ms),
               std::chrono::duration_cast<std::chrono::milliseconds>(wall).count() << " ms");
}

BOOST_AUTO_TEST_CASE(stop_ends_a_long_sweep_early_and_reports_nothing_of_it) {
    EndlessStore store;
    LogLines log;
    int reports = 0;
    SessionSweeper sweeper(store, 1h, log.callback(), [&](const SweepStats&) { ++reports; });
    store.wait_for_priority();
    const auto start = std::chrono::steady_clock::now();
    sweeper.stop();
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
    BOOST_TEST(reports == 0);
    BOOST_TEST(log.lines().empty());
}

BOOST_AUTO_TEST_SUITE_END()
