// A Clock that tests set by hand; safe to read while another thread moves it.
#pragma once

#include <atomic>
#include <cstdint>

#include "session/clock.hpp"

namespace orggate::testing {

class FakeClock final : public Clock {
public:
    explicit FakeClock(std::int64_t now = 1'700'000'000) : now_(now) {}
    std::int64_t now() const override { return now_.load(); }
    void set(std::int64_t now) { now_.store(now); }
    void advance(std::int64_t seconds) { now_.fetch_add(seconds); }

private:
    std::atomic<std::int64_t> now_;
};

}  // namespace orggate::testing
