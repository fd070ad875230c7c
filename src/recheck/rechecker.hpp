// The background thread that re-checks every logged-in user's membership, paced, until stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#include "recheck/user_recheck.hpp"
#include "session/clock.hpp"

namespace orggate::recheck {

class Rechecker {
public:
    // Looks at the store's users every tick (a tenth of the interval, 1 to 30 seconds) and
    // re-checks those that are due (recheck_user), one GitHub call at a time, resting between
    // calls so that one pass's calls spread over the interval (never more than a second
    // apart): a big store never sends GitHub a burst. At the lowest CPU priority, like the
    // session sweeper. A failing store is logged and tried again at the next tick.
    Rechecker(const RecheckServices& services, const Clock& clock);
    ~Rechecker();
    Rechecker(const Rechecker&) = delete;
    Rechecker& operator=(const Rechecker&) = delete;

    // Re-checks `user` as soon as the thread is free, before the rest of a pass (a webhook
    // said their teams changed), unless a rate limit forbids it. Never waits on GitHub.
    void check_soon(const IndexedUser& user);

    // Wakes the thread and waits for it; a call to GitHub under way finishes first (within
    // ORGGATE_GITHUB_TIMEOUT). Safe to call twice.
    void stop();

private:
    void run();
    void pass();
    bool check(const IndexedUser& user, bool now_please);
    bool serve_requests();
    bool rest(std::chrono::milliseconds pause);

    const RecheckServices& services_;
    const Clock& clock_;
    const std::chrono::seconds tick_;
    std::chrono::milliseconds pace_{0};  // rest after a GitHub call, set at each pass
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<IndexedUser> requested_;
    bool stopping_ = false;
    std::thread thread_;  // last, so it starts after everything it uses
};

}  // namespace orggate::recheck
