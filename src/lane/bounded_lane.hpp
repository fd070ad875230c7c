// The lane as a bounded set of threads: at most `capacity` tasks at once, never a queue of
// waiting ones, so a slow GitHub costs threads that sleep and never the pages' workers.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lane/lane.hpp"

namespace orggate::lane {

class BoundedLane final : public Lane {
public:
    using Log = std::function<void(const std::string&)>;

    // Threads are started as tasks need them, up to `capacity`, and then kept.
    BoundedLane(std::size_t capacity, Log log);
    ~BoundedLane() override;
    BoundedLane(const BoundedLane&) = delete;
    BoundedLane& operator=(const BoundedLane&) = delete;

    bool try_run(Task task) override;
    // Refuses new tasks, lets every accepted one finish, joins the threads. Idempotent.
    void stop();

private:
    void work();

    const std::size_t capacity_;
    Log log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> queue_;
    std::size_t accepted_ = 0;  // queued or running
    std::size_t waiting_ = 0;   // threads idle in wait
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace orggate::lane
