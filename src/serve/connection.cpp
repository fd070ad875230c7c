// Reading and writing one nginx connection without blocking a worker for long.
#include "serve/connection.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace orggate::serve {
namespace {

// Room for the largest record (8 + 65,535 + 255 bytes) behind a partly used one.
constexpr std::size_t kMaxBuffer = 160 * 1024;
// nginx reads answers as they come; one that takes longer than this to make room is gone.
constexpr int kSendTimeoutMs = 30'000;

}  // namespace

Connection::Connection(int fd, std::unique_ptr<Protocol> protocol)
    : fd_(fd),
      protocol_(std::move(protocol)),
      buffer_(new char[protocol_->first_buffer_bytes()]),
      capacity_(protocol_->first_buffer_bytes()) {}

Connection::~Connection() {
    close(fd_);
}

void Connection::consume(std::size_t bytes) {
    begin_ += bytes;
    if (begin_ == end_) begin_ = end_ = 0;
}

// Moves unused bytes to the front, or grows the buffer; false when it cannot grow further.
bool Connection::make_room() {
    if (end_ < capacity_) return true;
    if (begin_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
        return true;
    }
    if (capacity_ >= kMaxBuffer) return false;
    std::unique_ptr<char[]> bigger(new char[capacity_ * 2]);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ *= 2;
    return true;
}

Connection::Fill Connection::fill() {
    if (!make_room()) return Fill::closed;
    for (;;) {
        const ssize_t got = read(fd_, buffer_.get() + end_, capacity_ - end_);
        if (got > 0) {
            end_ += static_cast<std::size_t>(got);
            return Fill::more;
        }
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Fill::none_yet;
        return Fill::closed;
    }
}

bool Connection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t sent = write(fd_, bytes.data(), bytes.size());
        if (sent > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd room = {fd_, POLLOUT, 0};
            if (poll(&room, 1, kSendTimeoutMs) > 0) continue;
        }
        return false;
    }
    return true;
}

}  // namespace orggate::serve
