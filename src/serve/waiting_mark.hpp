// Since when a kept connection has waited for bytes, published by the thread that holds it to a
// thread looking for one to close at the connection bound, with the handshake that keeps that
// thread from choosing a connection a worker has taken.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>

namespace orggate::serve {

class WaitingMark {
public:
    using Ticks = std::int64_t;  // a monotonic clock's ticks, greater than 0

    // By its holder, before arming it again: it has waited for bytes since `since`.
    // Sequentially consistent: a thread that finds no connection waiting and pauses the
    // listener, and a holder that publishes and then looks whether the listener is paused,
    // cannot both miss each other.
    void publish(Ticks since) { ticks_.store(since); }
    // By the worker that took it from the epoll set: false if it was chosen to close (it is
    // shut down: drop it); else it is the worker's, and no longer waiting.
    bool take() { return ticks_.exchange(kHeld) != kClosing; }
    // Since when it has waited; nothing while a thread holds it, or once chosen.
    std::optional<Ticks> since() const {
        const Ticks ticks = ticks_.load();
        return ticks > 0 ? std::optional<Ticks>(ticks) : std::nullopt;
    }
    // Chooses it to close, if it still waits since `since`: false if a worker took it meanwhile.
    bool claim(Ticks since) { return ticks_.compare_exchange_strong(since, kClosing); }

private:
    static constexpr Ticks kHeld = 0;
    static constexpr Ticks kClosing = -1;
    std::atomic<Ticks> ticks_{kHeld};
};

}  // namespace orggate::serve
