// The re-check's thread: ticks, pacing, requests from webhooks, and a prompt stop.
#include "recheck/rechecker.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <string>

#include "log/log_line.hpp"

namespace orggate::recheck {
namespace {

std::chrono::seconds tick_of(std::int64_t interval) {
    return std::chrono::seconds(std::clamp<std::int64_t>(interval / 10, 1, 30));
}

// As the session sweeper: the re-check only takes what requests leave of the CPU.
void lower_this_threads_priority() {
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
}

}  // namespace

Rechecker::Rechecker(const RecheckServices& services, const Clock& clock)
    : services_(services),
      clock_(clock),
      tick_(tick_of(services.settings.interval)),
      thread_([this] { run(); }) {}

Rechecker::~Rechecker() {
    stop();
}

void Rechecker::check_soon(const IndexedUser& user) {
    {
        std::lock_guard lock(mutex_);
        // The check already queued reads the store and GitHub afresh: it sees this change too.
        const bool queued =
            std::any_of(requested_.begin(), requested_.end(),
                        [&](const IndexedUser& other) { return other.id == user.id; });
        if (queued) return;
        requested_.push_back(user);
    }
    wake_.notify_all();
}

void Rechecker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Rechecker::run() {
    lower_this_threads_priority();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        pass();
        lock.lock();
        wake_.wait_for(lock, tick_, [this] { return stopping_ || !requested_.empty(); });
    }
}

// Requested users first, then every indexed user in turn; GitHub's calls on the pass's grid.
void Rechecker::pass() {
    first_call_.reset();
    calls_ = 0;
    if (!serve_requests()) return;
    std::vector<IndexedUser> users;
    try {
        users = services_.store.indexed_users();
    } catch (const std::exception& error) {
        services_.log(LogLine("error")
                          .add("msg", "membership re-check: the store failed")
                          .add("detail", error.what())
                          .text());
        return;
    }
    spacing_ = call_spacing(services_.settings.interval, users.size());
    for (const IndexedUser& user : users) {
        if (!check(user, false) || !serve_requests()) return;
    }
}

// False once stop() was called. A thread that lets an exception escape ends the process; one
// user's failed check is not worth that.
bool Rechecker::check(const IndexedUser& user, bool now_please) {
    const std::int64_t now = clock_.now();
    if (held(user.id, now)) return !stopping();
    const PaceClock::time_point started = PaceClock::now();
    bool asked = false;
    try {
        asked = recheck_user(services_, user, now, now_please) == UserCheck::kAsked;
    } catch (const UnsavedRecheck& error) {
        log_failure(user, error);
        held_until_[user.id] = error.not_before();
        asked = true;
    } catch (const std::exception& error) {
        log_failure(user, error);
        // It may have got as far as GitHub; a rest costs one gap, a store failing for every
        // user without one would send GitHub all of them back to back.
        asked = true;
    }
    return asked ? rest_after_call(started) : !stopping();
}

// A user whose last check could not be stored waits in memory for what the record would say.
bool Rechecker::held(std::int64_t user_id, std::int64_t now) {
    const auto found = held_until_.find(user_id);
    if (found == held_until_.end()) return false;
    if (found->second > now) return true;
    held_until_.erase(found);
    return false;
}

void Rechecker::log_failure(const IndexedUser& user, const std::exception& error) const {
    services_.log(LogLine("error")
                      .add("msg", "membership re-check failed")
                      .add("user", user.login)
                      .add("detail", error.what())
                      .text());
}

bool Rechecker::rest_after_call(PaceClock::time_point started) {
    if (!first_call_) first_call_ = started;
    ++calls_;
    const PaceClock::time_point next = next_call_at(*first_call_, calls_, spacing_);
    return rest(rest_until(next, PaceClock::now()));
}

bool Rechecker::stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
}

bool Rechecker::serve_requests() {
    for (;;) {
        IndexedUser user;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return false;
            if (requested_.empty()) return true;
            user = requested_.front();
            requested_.pop_front();
        }
        if (!check(user, true)) return false;
    }
}

// A rest that stop() ends at once; a request from a webhook waits for its end, a second at most.
bool Rechecker::rest(std::chrono::milliseconds pause) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, pause, [this] { return stopping_; });
    return !stopping_;
}

}  // namespace orggate::recheck
