// One writev per log line, finishing what a short write leaves.
#include "log/line_writer.hpp"

#include <poll.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstddef>

namespace orggate {
namespace {

// Steps past `done` bytes of the two pieces, so a retry sends only what is left.
void skip_written(iovec (&pieces)[2], std::size_t done) {
    for (iovec& piece : pieces) {
        const std::size_t step = done < piece.iov_len ? done : piece.iov_len;
        piece.iov_base = static_cast<char*>(piece.iov_base) + step;
        piece.iov_len -= step;
        done -= step;
    }
}

bool wait_for_room(int fd) {
    pollfd watch{fd, POLLOUT, 0};
    return poll(&watch, 1, -1) >= 0 || errno == EINTR;
}

}  // namespace

bool write_line(int fd, std::string_view line) {
    char newline = '\n';
    iovec pieces[2] = {{const_cast<char*>(line.data()), line.size()}, {&newline, 1}};
    std::size_t left = line.size() + 1;
    while (left > 0) {
        const ssize_t written = writev(fd, pieces, 2);
        if (written < 0) {
            if (errno == EINTR) continue;
            if ((errno == EAGAIN || errno == EWOULDBLOCK) && wait_for_room(fd)) continue;
            return false;
        }
        skip_written(pieces, static_cast<std::size_t>(written));
        left -= static_cast<std::size_t>(written);
    }
    return true;
}

}  // namespace orggate
