// Accepting, starting and draining the lane's tasks.
#include "lane/bounded_lane.hpp"

#include <exception>

#include "log/log_line.hpp"

namespace orggate::lane {

BoundedLane::BoundedLane(std::size_t capacity, Log log)
    : capacity_(capacity), log_(std::move(log)) {}

BoundedLane::~BoundedLane() {
    stop();
}

bool BoundedLane::try_run(Task task) {
    std::lock_guard lock(mutex_);
    if (stopping_ || accepted_ >= capacity_) return false;
    ++accepted_;
    queue_.push_back(std::move(task));
    // Every accepted task has a thread: an idle one, or a new one while below capacity.
    if (waiting_ >= queue_.size()) {
        wake_.notify_one();
    } else {
        threads_.emplace_back([this] { work(); });
    }
    return true;
}

void BoundedLane::stop() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        threads.swap(threads_);
    }
    wake_.notify_all();
    for (std::thread& thread : threads)
        thread.join();
}

void BoundedLane::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        ++waiting_;
        wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
        --waiting_;
        if (queue_.empty()) return;  // stopping, and nothing accepted is left
        Task task = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
            task();
        } catch (const std::exception& error) {
            log_(LogLine("error")
                     .add("msg", std::string("lane task failed: ") + error.what())
                     .text());
        }
        task = nullptr;  // what it holds (a FastCGI request) is released before the next wait
        lock.lock();
        --accepted_;
    }
}

}  // namespace orggate::lane
