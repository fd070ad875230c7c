// The background thread that re-checks every logged-in user's membership, paced, until stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "recheck/recheck_pacing.hpp"
#include "recheck/user_recheck.hpp"
#include "session/clock.hpp"

namespace orggate::recheck {

class Rechecker {
public:
    // Looks at the store's users every tick (a tenth of the interval, 1 to 30 seconds) and
    // re-checks those that are due (recheck_user), one GitHub call at a time, each pass's
    // calls on an even grid over the interval (never more than a second apart; see
    // recheck_pacing.hpp): a big store never sends GitHub a burst, and GitHub's latency does
    // not stretch a pass beyond the interval. At the lowest CPU priority, like the session
    // sweeper. A failing store is logged and tried again at the next tick; a user whose check
    // reached GitHub but could not be stored is not asked again before the record would say.
    Rechecker(const RecheckServices& services, const Clock& clock);
    ~Rechecker();
    Rechecker(const Rechecker&) = delete;
    Rechecker& operator=(const Rechecker&) = delete;

    // Re-checks `user` as soon as the thread is free, before the rest of a pass (a webhook
    // said their teams changed), unless a rate limit forbids it. Never waits on GitHub. A user
    // already waiting in the queue is not queued twice.
    void check_soon(const IndexedUser& user);

    // Wakes the thread and waits for it; a call to GitHub under way finishes first (within
    // ORGGATE_GITHUB_TIMEOUT). Safe to call twice.
    void stop();

private:
    void run();
    void pass();
    bool check(const IndexedUser& user, bool now_please);
    bool held(std::int64_t user_id, std::int64_t now);
    void log_failure(const IndexedUser& user, const std::exception& error) const;
    bool rest_after_call(PaceClock::time_point started);
    bool stopping();
    bool serve_requests();
    bool rest(std::chrono::milliseconds pause);

    const RecheckServices& services_;
    const Clock& clock_;
    const std::chrono::seconds tick_;
    // Only the thread touches these: the pass's grid (call_spacing, set at each pass), and the
    // users whose check could not be stored, with when they may be asked again.
    std::chrono::milliseconds spacing_{0};
    std::optional<PaceClock::time_point> first_call_;
    std::size_t calls_ = 0;
    std::map<std::int64_t, std::int64_t> held_until_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<IndexedUser> requested_;
    bool stopping_ = false;
    std::thread thread_;  // last, so it starts after everything it uses
};

}  // namespace orggate::recheck
