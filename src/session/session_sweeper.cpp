// The background thread that calls SessionStore::sweep().
#include "session/session_sweeper.hpp"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <exception>
#include <utility>

#include "log/log_line.hpp"

namespace orggate {
namespace {

// CPU time this thread has used, in microseconds: what a sweep costs, apart from its waits.
std::int64_t thread_cpu_us() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
}

// A sweep of a million sessions takes seconds of CPU, all of it in the kernel (a stat per file).
// At the lowest priority it only takes what requests leave: with sweeps back to back over 200,000
// files on 2 busy cores, page p99 went from 37-174 ms to 1-6 ms. Failure only leaves the
// priority as it was, so it is not checked.
void lower_this_threads_priority() {
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
}

std::int64_t milliseconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start)
        .count();
}

}  // namespace

SessionSweeper::SessionSweeper(SessionStore& store, std::chrono::seconds interval, Log log,
                               Report report)
    : store_(store),
      interval_(interval),
      log_(std::move(log)),
      report_(std::move(report)),
      thread_([this] { run(); }) {}

SessionSweeper::~SessionSweeper() {
    stop();
}

void SessionSweeper::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

// Between two parts of a sweep: rests as long as the last part took of CPU, so that a sweep
// never takes more than half a core, even where nice 19 is not enough (a CPU cgroup or an
// autogroup shares its quota among its threads whatever their nice). False once stop() was
// called, and stop() ends the rest.
bool SessionSweeper::rest_after_part(std::int64_t& part_cpu_started) {
    const std::int64_t now = thread_cpu_us();
    const auto worked = std::chrono::microseconds(now - part_cpu_started);
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, worked, [this] { return stopping_; });
    part_cpu_started = thread_cpu_us();
    return !stopping_;
}

void SessionSweeper::run() {
    lower_this_threads_priority();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        sweep_once();
        lock.lock();
        wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
}

// A thread that lets an exception escape ends the process; a failed sweep is not worth that.
// Each sweep's line says what it found and what it cost, wall (rests included) and CPU, for an
// operator sizing the session folder.
void SessionSweeper::sweep_once() {
    const auto started = std::chrono::steady_clock::now();
    const std::int64_t cpu_started = thread_cpu_us();
    try {
        std::int64_t part_cpu_started = cpu_started;
        const SweepStats stats =
            store_.sweep_while([&] { return rest_after_part(part_cpu_started); });
        // Cut short by stop(): its counts are partial, and nobody is left to hear them.
        if (!stats.finished) return;
        if (report_) report_(stats);
        log_(LogLine("sweep")
                 .add("removed", static_cast<std::int64_t>(stats.removed))
                 .add("kept", static_cast<std::int64_t>(stats.kept))
                 .add("ms", milliseconds_since(started))
                 .add("cpu_ms", (thread_cpu_us() - cpu_started) / 1000)
                 .text());
    } catch (const std::exception& error) {
        log_("event=error msg=\"session sweep failed\" detail=" + log_value(error.what()));
    } catch (...) {
        log_("event=error msg=\"session sweep failed\"");
    }
}

}  // namespace orggate
