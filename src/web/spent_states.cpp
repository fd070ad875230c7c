// A set with an age order beside it: expiry and eviction from the old end in O(1) each.
#include "web/spent_states.hpp"

namespace orggate::web {

SpentStates::SpentStates(std::size_t capacity, std::int64_t lifetime_seconds)
    : capacity_(capacity), lifetime_(lifetime_seconds) {}

bool SpentStates::spend(std::string_view state, std::int64_t now) {
    std::lock_guard lock(mutex_);
    forget_expired(now);
    std::string key(state);
    if (states_.count(key) != 0) return false;
    while (!by_age_.empty() && by_age_.size() >= capacity_) {
        states_.erase(by_age_.front().state);
        by_age_.pop_front();
    }
    states_.insert(key);
    by_age_.push_back({now, std::move(key)});
    return true;
}

void SpentStates::forget_expired(std::int64_t now) {
    while (!by_age_.empty() && by_age_.front().spent_at <= now - lifetime_) {
        states_.erase(by_age_.front().state);
        by_age_.pop_front();
    }
}

}  // namespace orggate::web
