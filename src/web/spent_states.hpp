// OAuth states already used, remembered for their lifetime: a replayed login cookie that still
// lists a state cannot start a second exchange with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace orggate::web {

// In memory, bounded and thread-safe; taken only by login callbacks, never by pages. Past the
// capacity the oldest entries go first (they have the least of their ten minutes left).
class SpentStates {
public:
    SpentStates(std::size_t capacity, std::int64_t lifetime_seconds);

    // True the first time `state` is spent at `now`; false if it was spent before.
    bool spend(std::string_view state, std::int64_t now);

private:
    struct Entry {
        std::int64_t spent_at;
        std::string state;
    };
    void forget_expired(std::int64_t now);

    const std::size_t capacity_;
    const std::int64_t lifetime_;
    std::mutex mutex_;
    std::deque<Entry> by_age_;  // oldest first
    std::unordered_set<std::string> states_;
};

}  // namespace orggate::web
