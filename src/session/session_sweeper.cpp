// The background thread that calls SessionStore::sweep().
#include "session/session_sweeper.hpp"

#include <exception>
#include <utility>

#include "log/log_line.hpp"

namespace orggate {

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

void SessionSweeper::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        sweep_once();
        lock.lock();
        wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
}

// A thread that lets an exception escape ends the process; a failed sweep is not worth that.
void SessionSweeper::sweep_once() {
    try {
        const SweepStats stats = store_.sweep();
        if (report_) report_(stats);
    } catch (const std::exception& error) {
        log_("event=error msg=\"session sweep failed\" detail=" + log_value(error.what()));
    } catch (...) {
        log_("event=error msg=\"session sweep failed\"");
    }
}

}  // namespace orggate
