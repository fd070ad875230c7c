// Removes expired sessions in the background, every `interval`, until stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "session/session_store.hpp"

namespace orggate {

class SessionSweeper {
public:
    using Log = std::function<void(const std::string&)>;
    using Report = std::function<void(const SweepStats&)>;

    // Sweeps once right away (clearing what an earlier run left), then every `interval`, at the
    // lowest CPU priority (nice 19) and resting between shard folders as long as the last one
    // took, so that sweeping a large folder never slows requests nor takes a whole core.
    // Each sweep logs an `event=sweep` line through `log` (counts, wall and CPU ms); a failed
    // one logs an `event=error` line instead and is tried again at the next interval.
    // `report` hears the outcome of every successful sweep (live session count for /metrics).
    SessionSweeper(SessionStore& store, std::chrono::seconds interval, Log log, Report report = {});
    ~SessionSweeper();
    SessionSweeper(const SessionSweeper&) = delete;
    SessionSweeper& operator=(const SessionSweeper&) = delete;

    // Wakes the thread and waits for it; a sweep under way ends at its next shard folder (see
    // SessionStore::sweep_while). Returns once no sweep runs. Safe to call twice.
    void stop();

private:
    void run();
    void sweep_once();
    bool rest_after_part(std::int64_t& part_cpu_started);

    SessionStore& store_;
    const std::chrono::seconds interval_;
    const Log log_;
    const Report report_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;  // last, so it starts after everything it uses
};

}  // namespace orggate
