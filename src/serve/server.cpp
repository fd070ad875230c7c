// Worker threads share one epoll set: the listener and every idle connection are armed
// one-shot, so each readiness goes to exactly one worker, which owns that socket until it arms
// it again. A connection nginx keeps (fastcgi_keep_conn, or an upstream keepalive for HTTP)
// goes back into the set after each answer; nothing is taken per request but the socket. At the
// connection bound a new connection makes room by having the one that has waited longest for
// bytes shut down; the worker that next takes it drops it.
#include "serve/server.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "log/log_line.hpp"
#include "serve/listen_socket.hpp"

namespace orggate::serve {
namespace {

// At stop, how long a request that has begun to arrive may take to arrive whole.
constexpr int kDrainWaitMs = 1000;

constexpr std::uint32_t kArmed = EPOLLIN | EPOLLONESHOT;
// Connections a worker takes per wake: under load, requests that are ready together are
// served by one thread in a row instead of waking a sleeping thread for each (a context
// switch costs more than a page). A few, so one slow request holds up few others.
constexpr int kEventsPerWake = 4;
// Connections with a request arriving passed over when choosing one to close at the bound,
// before giving up: it stays short while the server's mutex is held.
constexpr std::size_t kEvictionTries = 8;

WaitingMark::Ticks now_ticks() {
    return std::chrono::steady_clock::now().time_since_epoch().count();
}

// Whether bytes have arrived that nobody has read yet: a request is arriving, and a worker is
// about to take the connection.
bool has_unread_bytes(int fd) {
    char byte = 0;
    return recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

http::Response too_large() {
    http::Response response;
    response.status = 413;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = "Request body too large\n";
    return response;
}

// False only when the kernel is out of memory for epoll (ENOMEM, or max_user_watches).
bool watch(int epoll, int op, int fd, std::uint32_t events, void* tag) {
    epoll_event event{};
    event.events = events;
    event.data.ptr = tag;
    return epoll_ctl(epoll, op, fd, &event) == 0;
}

}  // namespace

// A request being answered: what the answer needs once the params are gone.
struct Server::Answer {
    std::uint16_t id;
    bool keep;
    http::Request head;
    std::chrono::steady_clock::time_point started;
};

Server::Server(int listen_fd, ProtocolFactory protocols, int threads, Routing routing,
               lane::Lane& slow_lane, Log log, Log request_log)
    : listen_fd_(listen_fd),
      protocols_(std::move(protocols)),
      threads_(threads),
      stop_fd_(eventfd(0, EFD_CLOEXEC)),
      epoll_(epoll_create1(EPOLL_CLOEXEC)),
      routing_(std::move(routing)),
      slow_lane_(slow_lane),
      log_(std::move(log)),
      request_log_(std::move(request_log)),
      bound_(std::max(static_cast<std::size_t>(threads) * kConnectionsPerThread, kMinConnections)) {
    if (stop_fd_ < 0 || epoll_ < 0) throw std::runtime_error("cannot create the worker events");
    // Level-triggered and not one-shot: a stop wakes every worker, and keeps waking them.
    if (!watch(epoll_, EPOLL_CTL_ADD, stop_fd_, EPOLLIN, &stop_fd_) ||
        !watch(epoll_, EPOLL_CTL_ADD, listen_fd_, kArmed, this)) {
        throw std::system_error(errno, std::generic_category(), "cannot watch the socket");
    }
}

Server::~Server() {
    stop();
    connections_.clear();
    close(epoll_);
    close(stop_fd_);
}

void Server::start() {
    for (int i = 0; i < threads_; ++i)
        workers_.emplace_back([this] { work(); });
}

void Server::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) epoll_ctl(epoll_, EPOLL_CTL_DEL, listen_fd_, nullptr);
        stopping_ = true;
    }
    const std::uint64_t one = 1;
    if (write(stop_fd_, &one, sizeof one) != sizeof one) {
        log_(LogLine("error").add("msg", "cannot signal the workers to stop").text());
    }
    for (std::thread& worker : workers_) {
        if (worker.joinable()) worker.join();
    }
    workers_.clear();
    take_queued_connections();
    // No worker is left: what is still open is idle or in the lane (which closes its own).
    std::vector<Connection*> idle;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [connection, owned] : connections_) {
            if (!connection->in_lane) idle.push_back(connection);
        }
    }
    for (Connection* connection : idle) {
        if (drain(*connection) != Next::handed_off) drop(*connection);
    }
}

// At stop: connections nginx made that wait in the listen queue carry requests too, and
// closing a socket of orggate's own would reset them. Taken here, drained with the others.
void Server::take_queued_connections() {
    for (std::size_t taken = 0; taken < bound_.limit(); ++taken) {
        const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;
        auto owned = std::make_unique<Connection>(fd, protocols_());
        std::lock_guard lock(mutex_);
        connections_.emplace(owned.get(), std::move(owned));
    }
}

void Server::work() {
    std::array<epoll_event, kEventsPerWake> events{};
    bool stopping = false;
    while (!stopping) {
        const int ready = epoll_wait(epoll_, events.data(), kEventsPerWake, -1);
        if (ready < 0 && errno != EINTR) break;
        // Every connection taken is served, even once the stop event is among them: being
        // one-shot, nobody else would.
        for (int i = 0; i < ready; ++i) {
            void* tag = events[static_cast<std::size_t>(i)].data.ptr;
            if (tag == &stop_fd_) {
                stopping = true;
            } else if (tag == this) {
                accept_connections();
            } else {
                serve(*static_cast<Connection*>(tag));
            }
        }
    }
}

// One connection per turn: the listener is armed again before the new connection's first
// request is served here (nginx sends it with the connect), so accepting never waits on a
// request, and a connection that is already closed frees its descriptor at once.
void Server::accept_connections() {
    // At the bound with no connection waiting, the listener stays unarmed until one is.
    if (!make_room()) return;
    for (;;) {
        const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            backoff_.reset();
            if (accept_failing_.exchange(false)) log_(LogLine("accept_recovered").text());
            Connection& connection = adopt(fd);
            arm_listener();
            serve(connection);
            return;
        }
        const int error = errno;
        if (error == EAGAIN || error == EWOULDBLOCK) break;
        if (is_normal_accept_error(error)) continue;
        // Out of descriptors or memory, the listener stays readable: arming it again at once
        // would spin. Wait instead, and try again until it clears.
        if (!back_off_after_accept_error(error)) return;
        break;
    }
    arm_listener();
}

// One line for the first failure of an episode; false once stopping.
bool Server::back_off_after_accept_error(int error) {
    if (!accept_failing_.exchange(true)) {
        log_(LogLine("accept_failed")
                 .add("errno", error)
                 .add("msg", std::error_code(error, std::generic_category()).message())
                 .add("action", "retrying with back-off up to 1s")
                 .text());
    }
    pollfd stop = {stop_fd_, POLLIN, 0};
    return poll(&stop, 1, static_cast<int>(backoff_.next_wait().count())) <= 0;
}

// Registers a new connection (not yet watched). Also while stopping: its request has
// arrived, and stop() drains every registered connection once the workers are gone.
Connection& Server::adopt(int fd) {
    auto owned = std::make_unique<Connection>(fd, protocols_());
    Connection* connection = owned.get();
    connection->request_wait_began = now_ticks();
    std::lock_guard lock(mutex_);
    connections_.emplace(connection, std::move(owned));
    return *connection;
}

// A failure (the kernel out of memory for epoll) closes the connection: nginx then tries again
// on a new one. It waits from here, or since its partial request began, and says so before it
// is armed: once armed, another worker may take it at once.
bool Server::arm(Connection& connection) {
    if (!connection.has_partial_input() && !connection.protocol().mid_request()) {
        connection.request_wait_began = now_ticks();
    }
    connection.waiting.publish(connection.request_wait_began);
    const int op = connection.watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    connection.watched = true;
    return watch(epoll_, op, connection.fd(), kArmed, &connection);
}

void Server::arm_listener() {
    std::lock_guard lock(mutex_);
    if (stopping_ || listener_paused_) return;
    if (!watch(epoll_, EPOLL_CTL_MOD, listen_fd_, kArmed, this)) note_listener_lost();
}

void Server::note_listener_lost() {
    log_(LogLine("error").add("msg", "cannot watch the listening socket").text());
}

void Server::drop(Connection& connection) {
    std::unique_ptr<Connection> gone;  // closed once the lock is released
    std::lock_guard lock(mutex_);
    const auto found = connections_.find(&connection);
    if (found == connections_.end()) return;
    gone = std::move(found->second);
    if (gone->in_lane) --in_lane_;
    if (gone->evicting) --evicting_;
    connections_.erase(found);
    bound_.note_open(counted());
    if (bound_.has_room(counted())) resume_listener();
}

// With mutex_ held. Connections in the lane are bounded by the lane and do not count, so
// logins waiting on GitHub never keep pages from getting a connection; nor do those shut down
// to make room, which are on their way out.
std::size_t Server::counted() const {
    return connections_.size() - in_lane_ - evicting_;
}

// Before accepting: true if one more connection fits, making room at the bound; false, with
// the listener left unarmed, if no connection is waiting (all are being answered).
bool Server::make_room() {
    std::lock_guard lock(mutex_);
    if (stopping_ || bound_.has_room(counted())) return true;
    // Paused before looking: a worker that arms a connection meanwhile sees the pause and
    // re-arms the listener (WaitingMark::publish), so neither misses the other.
    listener_paused_ = true;
    const bool evicted = evict_longest_waiting();
    if (evicted) listener_paused_ = false;
    if (bound_.reached()) {
        log_(LogLine("connections_at_bound")
                 .add("socket", listen_address(listen_fd_))
                 .add("bound", static_cast<std::int64_t>(bound_.limit()))
                 .add("action",
                      "each new connection closes the one idle longest; while none is idle, new "
                      "ones wait")
                 .text());
    }
    return evicted;
}

// With mutex_ held. Shuts the connection down rather than closing it: a worker may take it from
// the epoll set at any moment, so only a worker frees it. Its armed event fires at once, and
// the worker that takes it finds it chosen (WaitingMark::take) and drops it. False if none is
// waiting. nginx retries a request that fails on a kept connection, on another one.
bool Server::evict_longest_waiting() {
    std::vector<Connection*> passed_over;
    while (passed_over.size() < kEvictionTries) {
        const auto [oldest, since] = longest_waiting(passed_over);
        if (oldest == nullptr) return false;
        // A worker that took it since is serving it: it is no longer the one idle longest.
        if (has_unread_bytes(oldest->fd()) || !oldest->waiting.claim(since)) {
            passed_over.push_back(oldest);
            continue;
        }
        oldest->evicting = true;
        ++evicting_;
        shutdown(oldest->fd(), SHUT_RDWR);
        return true;
    }
    return false;
}

// With mutex_ held: of the connections waiting for bytes, the one waiting since longest, and
// since when; null if none is.
std::pair<Connection*, WaitingMark::Ticks> Server::longest_waiting(
    const std::vector<Connection*>& passed_over) const {
    Connection* oldest = nullptr;
    WaitingMark::Ticks oldest_since = 0;
    for (const auto& [connection, owned] : connections_) {
        const std::optional<WaitingMark::Ticks> since = connection->waiting.since();
        if (!since || connection->evicting || (oldest != nullptr && *since >= oldest_since) ||
            std::find(passed_over.begin(), passed_over.end(), connection) != passed_over.end()) {
            continue;
        }
        oldest = connection;
        oldest_since = *since;
    }
    return {oldest, oldest_since};
}

// With mutex_ held: re-arms a paused listener, once there is room or a connection to close.
void Server::resume_listener() {
    if (!listener_paused_ || stopping_) return;
    listener_paused_ = false;
    if (!watch(epoll_, EPOLL_CTL_MOD, listen_fd_, kArmed, this)) note_listener_lost();
}

// After arming a connection: it waits for bytes, so a paused listener may make room again.
void Server::resume_listener_if_paused() {
    if (!listener_paused_) return;
    std::lock_guard lock(mutex_);
    resume_listener();
}

void Server::serve(Connection& connection) {
    // Chosen to close while it waited (shut down): nothing more will come on it.
    if (!connection.waiting.take() || connection.fill() == Connection::Fill::closed) {
        drop(connection);
        return;
    }
    const Next next = serve_arrived(connection);
    if (next == Next::close || (next == Next::wait && !arm(connection))) {
        drop(connection);
    } else if (next == Next::wait) {
        resume_listener_if_paused();
    }
}

// Answers every request that has arrived whole; says what the connection needs next.
Server::Next Server::serve_arrived(Connection& connection) {
    for (;;) {
        Protocol& protocol = connection.protocol();
        const Protocol::Step step = protocol.read(connection.pending());
        connection.consume(step.consumed);
        switch (step.status) {
            case Protocol::Status::need_more:
                return Next::wait;
            case Protocol::Status::broken:
                log_(LogLine(protocol.error_event())
                         .add("msg", protocol.problem())
                         .add("action", "connection closed")
                         .text());
                connection.send(protocol.farewell());
                return Next::close;
            case Protocol::Status::reply:
                if (!connection.send(protocol.take_reply())) return Next::close;
                break;
            case Protocol::Status::request: {
                const Next next = answer(connection, protocol.take_request());
                if (next != Next::wait) return next;
                break;
            }
        }
    }
}

Server::Next Server::answer(Connection& connection, Protocol::Incoming incoming) {
    const bool too_big = incoming.body_too_large;
    auto answer = std::make_shared<Answer>(Answer{incoming.id, incoming.keep_connection,
                                                  std::move(incoming.request),
                                                  std::chrono::steady_clock::now()});
    const auto finish = [&](const http::Response& response) {
        return respond(connection, *answer, response) && answer->keep ? Next::wait : Next::close;
    };
    if (too_big) return finish(too_large());
    if (!routing_.is_slow(answer->head)) return finish(routing_.handler(answer->head));
    // The connection now belongs to the lane's task, which answers and gives it back; if the
    // lane is full this worker answers with the busy page at once.
    {
        std::lock_guard lock(mutex_);
        connection.in_lane = true;
        ++in_lane_;
        if (bound_.has_room(counted())) resume_listener();
    }
    Connection* held = &connection;
    const bool queued = slow_lane_.try_run([this, held, answer] {
        const bool sent = respond(*held, *answer, routing_.handler(answer->head));
        back_from_lane(*held, sent && answer->keep);
    });
    if (queued) return Next::handed_off;
    {
        std::lock_guard lock(mutex_);
        connection.in_lane = false;
        --in_lane_;
    }
    return finish(routing_.busy(answer->head));
}

// On the lane's thread, once its answer is sent: the connection goes back into the set, or
// is closed if the server stops meanwhile (stop() leaves connections in the lane alone).
void Server::back_from_lane(Connection& connection, bool keep) {
    const Next next = keep ? serve_arrived(connection) : Next::close;
    if (next == Next::handed_off) return;
    bool closing = next == Next::close;
    {
        std::lock_guard lock(mutex_);
        closing = closing || stopping_ || !arm(connection);
        if (!closing) {
            connection.in_lane = false;
            --in_lane_;
            // Back among the counted ones: past the bound, the one idle longest makes room.
            if (counted() > bound_.limit()) evict_longest_waiting();
            resume_listener();
        }
    }
    if (closing) drop(connection);
}

// At stop: answers what has arrived, waiting a little for a request already begun.
Server::Next Server::drain(Connection& connection) {
    for (;;) {
        const Connection::Fill got = connection.fill();
        const Next next = serve_arrived(connection);
        if (next != Next::wait || got == Connection::Fill::closed) return next;
        if (!connection.protocol().mid_request() && !connection.has_partial_input()) {
            return Next::close;
        }
        pollfd more = {connection.fd(), POLLIN, 0};
        if (poll(&more, 1, kDrainWaitMs) <= 0) return Next::close;
    }
}

bool Server::respond(Connection& connection, const Answer& answer, const http::Response& response) {
    const bool with_body = answer.head.method != "HEAD";
    const bool sent =
        connection.send(connection.protocol().encode(answer.id, response, with_body, answer.keep));
    log_request(answer, response);
    return sent;
}

void Server::log_request(const Answer& answer, const http::Response& response) {
    if (!request_log_ || (routing_.unlogged && routing_.unlogged(response))) return;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - answer.started)
                            .count();
    LogLine line("request");
    line.add("method", answer.head.method).add("path", answer.head.path);
    line.add("status", response.status).add("us", micros);
    if (!answer.head.request_id.empty()) line.add("req", answer.head.request_id);
    request_log_(line.text());
}

}  // namespace orggate::serve
