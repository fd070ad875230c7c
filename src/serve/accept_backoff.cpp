// What a worker does when accepting a connection fails: which errors are normal, how long to wait.
#include "serve/accept_backoff.hpp"

#include <algorithm>
#include <cerrno>

namespace orggate::serve {

bool is_normal_accept_error(int error) {
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR || error == ECONNABORTED;
}

std::chrono::milliseconds AcceptBackoff::next_wait() {
    const std::chrono::milliseconds wait = next_;
    next_ = std::min(next_ * 2, kMax);
    return wait;
}

}  // namespace orggate::serve
