// The bounded set of malformed rules already logged.
#include "gate/rule_warnings.hpp"

namespace orggate::gate {

bool RuleWarnings::first_time(std::string_view rule) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (seen_.find(rule) != seen_.end() || seen_.size() >= capacity_) return false;
    seen_.emplace(rule);
    return true;
}

}  // namespace orggate::gate
