// A set with an age order beside it: expiry and eviction from the old end in O(1) each.
#include "web/spent_states.hpp"

#include <cstring>

#include "crypto/digest.hpp"

namespace orggate::web {

SpentStates::SpentStates(std::size_t capacity, std::int64_t lifetime_seconds)
    : capacity_(capacity), lifetime_(lifetime_seconds) {}

bool SpentStates::spend(std::string_view state, std::int64_t now) {
    const std::uint64_t key = key_of(state);
    std::lock_guard lock(mutex_);
    forget_expired(now);
    if (keys_.count(key) != 0) return false;
    while (!by_age_.empty() && by_age_.size() >= capacity_) {
        keys_.erase(by_age_.front().key);
        by_age_.pop_front();
    }
    keys_.insert(key);
    by_age_.push_back({now, key});
    return true;
}

// The state's first eight bytes of digest; hashing keeps short test states distinct too.
std::uint64_t SpentStates::key_of(std::string_view state) {
    const std::string digest = crypto::sha256(state);
    std::uint64_t key = 0;
    std::memcpy(&key, digest.data(), sizeof key);
    return key;
}

void SpentStates::forget_expired(std::int64_t now) {
    while (!by_age_.empty() && by_age_.front().spent_at <= now - lifetime_) {
        keys_.erase(by_age_.front().key);
        by_age_.pop_front();
    }
}

}  // namespace orggate::web
