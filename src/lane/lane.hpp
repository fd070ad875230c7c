// A place to run work that may wait a long time (on GitHub), away from the page workers.
#pragma once

#include <functional>

namespace orggate::lane {

class Lane {
public:
    using Task = std::function<void()>;
    virtual ~Lane() = default;
    // Runs `task` soon on another thread and returns true, or returns false at once when the
    // lane is full: the caller answers "busy" instead of waiting.
    virtual bool try_run(Task task) = 0;
};

}  // namespace orggate::lane
