// A Lane that runs each task at once on the caller's thread, or refuses every task when full.
#pragma once

#include "lane/lane.hpp"

namespace orggate::testing {

class InlineLane final : public lane::Lane {
public:
    bool try_run(Task task) override {
        if (full) return false;
        ++runs;
        task();
        return true;
    }

    bool full = false;
    int runs = 0;
};

}  // namespace orggate::testing
