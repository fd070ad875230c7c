// The re-check's call grid: spacing, the next call's time, and the rest before it.
#include "recheck/recheck_pacing.hpp"

#include <algorithm>

namespace orggate::recheck {

std::chrono::milliseconds call_spacing(std::int64_t interval, std::size_t users) {
    const std::int64_t spread =
        interval * 1000 / static_cast<std::int64_t>(std::max<std::size_t>(users, 1));
    return std::clamp(std::chrono::milliseconds(spread), std::chrono::milliseconds(0), kMaxRest);
}

PaceClock::time_point next_call_at(PaceClock::time_point first_call, std::size_t calls,
                                   std::chrono::milliseconds spacing) {
    return first_call + spacing * static_cast<std::int64_t>(calls);
}

std::chrono::milliseconds rest_until(PaceClock::time_point next_call, PaceClock::time_point now) {
    if (next_call <= now) return std::chrono::milliseconds(0);
    // Rounded up: a rest cut short by a fraction of a millisecond would start the call early.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(next_call - now);
    return std::min(left, kMaxRest);
}

}  // namespace orggate::recheck
