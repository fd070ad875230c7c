// OAuth states already used, remembered for their lifetime: a replayed login cookie that still
// lists a state cannot start a second exchange with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_set>

namespace orggate::web {

// In memory, bounded and thread-safe; taken only by login callbacks, never by pages. Past the
// capacity the oldest entries go first (they have the least of their ten minutes left). A
// state is 256 random bits: its first 64 are key enough, at a few dozen bytes an entry.
class SpentStates {
public:
    SpentStates(std::size_t capacity, std::int64_t lifetime_seconds);

    // True the first time `state` is spent at `now`; false if it was spent before.
    bool spend(std::string_view state, std::int64_t now);

private:
    struct Entry {
        std::int64_t spent_at;
        std::uint64_t key;
    };
    static std::uint64_t key_of(std::string_view state);
    void forget_expired(std::int64_t now);

    const std::size_t capacity_;
    const std::int64_t lifetime_;
    std::mutex mutex_;
    std::deque<Entry> by_age_;  // oldest first
    std::unordered_set<std::uint64_t> keys_;
};

}  // namespace orggate::web
