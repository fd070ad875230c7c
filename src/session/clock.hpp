// Wall-clock time as an interface, so expiry is testable without sleeping.
#pragma once

#include <cstdint>

namespace orggate {

class Clock {
public:
    virtual ~Clock() = default;
    // Seconds since the Unix epoch.
    virtual std::int64_t now() const = 0;
};

class SystemClock final : public Clock {
public:
    std::int64_t now() const override;
};

}  // namespace orggate
