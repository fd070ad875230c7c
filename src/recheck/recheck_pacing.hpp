// When a re-check pass may make its next GitHub call: on an even grid over the interval.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace orggate::recheck {

using PaceClock = std::chrono::steady_clock;

// No rest is longer: a webhook's request waits for the rest under way to end.
constexpr std::chrono::milliseconds kMaxRest{1000};

// The gap between the calls of a pass over `users` users: `interval` seconds spread evenly
// over them, but never more than kMaxRest (a small store is done in a few seconds).
std::chrono::milliseconds call_spacing(std::int64_t interval, std::size_t users);

// When the next call may start after `calls` calls of a pass whose first call started at
// `first_call`: first_call + calls * spacing. On a grid, not a rest after each call, so that
// GitHub's latency does not add to the gaps: N calls take N gaps as long as a call takes less
// than a gap on average, and the pass ends within the interval.
PaceClock::time_point next_call_at(PaceClock::time_point first_call, std::size_t calls,
                                   std::chrono::milliseconds spacing);

// How long to rest at `now` before a call due at `next_call`: 0 when it is late (a slow
// answer), never more than kMaxRest.
std::chrono::milliseconds rest_until(PaceClock::time_point next_call, PaceClock::time_point now);

}  // namespace orggate::recheck
