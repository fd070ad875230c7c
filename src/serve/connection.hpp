// One connection from nginx: its socket, the bytes read but not yet used, and the protocol that
// turns them into requests. Used by one thread at a time (whoever took it from the epoll set);
// the server's fields at the end say when other threads read them.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "serve/protocol.hpp"
#include "serve/waiting_mark.hpp"

namespace orggate::serve {

class Connection {
public:
    enum class Fill { more, none_yet, closed };

    // Takes ownership of `fd`, a non-blocking connected socket.
    Connection(int fd, std::unique_ptr<Protocol> protocol);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    int fd() const { return fd_; }
    Protocol& protocol() { return *protocol_; }

    // Reads what has arrived: `more` if bytes came, `none_yet` if none were waiting, `closed`
    // at end of stream, on an error, or when the buffer is full of an unfinished record.
    Fill fill();
    std::string_view pending() const { return {buffer_.get() + begin_, end_ - begin_}; }
    void consume(std::size_t bytes);
    // Whether part of a record is waiting for the rest.
    bool has_partial_input() const { return end_ > begin_; }
    // Writes all of `bytes`, waiting for room up to a timeout; false if the peer is gone.
    bool send(std::string_view bytes);

    // Set while the GitHub lane answers this connection's request (see Server; under its mutex).
    bool in_lane = false;
    // Whether it is in the server's epoll set yet (added after its first request).
    bool watched = false;
    // Since when it has waited for bytes, for a thread looking for one to close (see Server).
    WaitingMark waiting;
    // When it began to wait for its current request; kept while a request arrives in parts,
    // so a trickle of bytes does not make a stalled request look fresh.
    WaitingMark::Ticks request_wait_began = 0;
    // Chosen to close at the bound and shut down, under the server's mutex: counted as gone.
    bool evicting = false;

private:
    bool make_room();

    int fd_;
    std::unique_ptr<Protocol> protocol_;
    std::unique_ptr<char[]> buffer_;
    std::size_t capacity_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
};

}  // namespace orggate::serve
