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

constexpr std::chrono::milliseconds kMaxPace{1000};

std::chrono::seconds tick_of(std::int64_t interval) {
    return std::chrono::seconds(std::clamp<std::int64_t>(interval / 10, 1, 30));
}

// The rest after each call that spreads a pass over users.size() calls across the interval.
std::chrono::milliseconds pace_for(std::int64_t interval, std::size_t users) {
    const std::int64_t spread =
        interval * 1000 / static_cast<std::int64_t>(std::max<std::size_t>(users, 1));
    return std::min(kMaxPace, std::chrono::milliseconds(spread));
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

// Requested users first, then every indexed user in turn; each GitHub call followed by a rest.
void Rechecker::pass() {
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
    pace_ = pace_for(services_.settings.interval, users.size());
    for (const IndexedUser& user : users) {
        if (!check(user, false) || !serve_requests()) return;
    }
}

// False once stop() was called. A thread that lets an exception escape ends the process; one
// user's failed check is not worth that.
bool Rechecker::check(const IndexedUser& user, bool now_please) {
    UserCheck result = UserCheck::kNotDue;
    try {
        result = recheck_user(services_, user, clock_.now(), now_please);
    } catch (const std::exception& error) {
        services_.log(LogLine("error")
                          .add("msg", "membership re-check failed")
                          .add("user", user.login)
                          .add("detail", error.what())
                          .text());
    }
    if (result == UserCheck::kAsked) return rest(pace_);
    std::lock_guard lock(mutex_);
    return !stopping_;
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
