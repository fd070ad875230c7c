// Remembers which malformed rules were already logged, so each is logged once.
#pragma once

#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace orggate::gate {

// Thread-safe and bounded: rules come from nginx's config, so a few are expected; past the
// capacity nothing more is remembered and further new rules are not logged, so a flood of
// distinct paths cannot grow memory.
class RuleWarnings {
public:
    explicit RuleWarnings(std::size_t capacity = 256) : capacity_(capacity) {}

    // True the first time `rule` is seen (log it then), false afterwards or when full.
    bool first_time(std::string_view rule);

private:
    const std::size_t capacity_;
    std::mutex mutex_;
    std::set<std::string, std::less<>> seen_;
};

}  // namespace orggate::gate
