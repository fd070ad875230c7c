// What a worker does when accepting a connection fails: which errors are normal, how long to wait.
#pragma once

#include <chrono>

namespace orggate::serve {

// A lost race (EAGAIN), a signal (EINTR) or a client that left before accept (ECONNABORTED)
// are part of normal work; anything else (EMFILE, ENFILE, ENOBUFS, ENOMEM...) is trouble.
bool is_normal_accept_error(int error);

// Bounded exponential back-off for one worker: 10 ms, 20 ms, ... up to 1 s, until it accepts.
class AcceptBackoff {
public:
    static constexpr std::chrono::milliseconds kFirst{10};
    static constexpr std::chrono::milliseconds kMax{1000};

    // The wait before the next try, doubling on each failure in a row.
    std::chrono::milliseconds next_wait();
    void reset() { next_ = kFirst; }

private:
    std::chrono::milliseconds next_ = kFirst;
};

}  // namespace orggate::serve
