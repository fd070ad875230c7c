// The edge nginx talks to: worker threads sharing one epoll set of nginx's connections, kept
// open between requests; a Protocol per connection turns bytes into Requests and Responses
// back into bytes (FastCGI for pages, HTTP/1.1 for the gate check).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "lane/lane.hpp"
#include "serve/accept_backoff.hpp"
#include "serve/connection.hpp"
#include "serve/connection_bound.hpp"
#include "serve/protocol.hpp"

namespace orggate::serve {

class Server {
public:
    using Handler = std::function<http::Response(const http::Request&)>;
    using Log = std::function<void(const std::string&)>;

    // What the server asks the application.
    struct Routing {
        Handler handler;                                    // answers a request
        std::function<bool(const http::Request&)> is_slow;  // waits on GitHub: run in the lane
        Handler busy;                                       // the answer when the lane is full
        // Answers the request log leaves out; null: none.
        std::function<bool(const http::Response&)> unlogged = nullptr;
    };

    // Connections open at once, besides those whose login waits in the lane (bounded by the
    // lane): 16 per worker thread, and never fewer than 256. nginx keeps up to its upstream
    // `keepalive` idle connections per nginx worker (64 in the shipped configs, one worker per
    // core) and opens one per request in flight, so it may hold more than the bound. At the
    // bound a new connection makes room: the one that has waited longest for bytes (idle, or
    // a stalled partial request) is closed. nginx reuses its most recent connection first and
    // retries a request that fails on a kept one, so the oldest idle one is the cheapest to
    // lose. Only if none is waiting (all are being answered) does a new one wait in the listen
    // backlog until one closes or waits.
    static constexpr std::size_t kConnectionsPerThread = 16;
    static constexpr std::size_t kMinConnections = 256;

    // Takes a listening socket from open_listen_socket; does not own it. Each accepted
    // connection gets its own protocol object from `protocols`. Slow requests are handed with
    // their connection to `slow_lane`, and the worker goes back to serving. `request_log` gets
    // the event=request line of each request; null: none is written.
    Server(int listen_fd, ProtocolFactory protocols, int threads, Routing routing,
           lane::Lane& slow_lane, Log log, Log request_log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Starts the workers; returns at once.
    void start();
    // Stops accepting, lets every request in flight finish, answers requests that already
    // arrived on idle connections and on those still in the listen queue, closes them and
    // joins the workers. Idempotent.
    void stop();

private:
    enum class Next { wait, handed_off, close };
    struct Answer;

    void work();
    void take_queued_connections();
    void accept_connections();
    bool back_off_after_accept_error(int error);
    Connection& adopt(int fd);
    void serve(Connection& connection);
    Next serve_arrived(Connection& connection);
    Next answer(Connection& connection, Protocol::Incoming incoming);
    bool respond(Connection& connection, const Answer& answer, const http::Response& response);
    void back_from_lane(Connection& connection, bool keep);
    bool arm(Connection& connection);
    void arm_listener();
    void note_listener_lost();
    bool make_room();
    bool evict_longest_waiting();
    std::pair<Connection*, WaitingMark::Ticks> longest_waiting(
        const std::vector<Connection*>& passed_over) const;
    std::size_t counted() const;
    void resume_listener();
    void resume_listener_if_paused();
    void drop(Connection& connection);
    Next drain(Connection& connection);
    void log_request(const Answer& answer, const http::Response& response);

    int listen_fd_;
    ProtocolFactory protocols_;
    int threads_;
    int stop_fd_;  // eventfd: readable once stop() is called, waking every worker
    int epoll_;    // the listener, the stop event and every connection waiting for bytes
    Routing routing_;
    lane::Lane& slow_lane_;
    Log log_;
    Log request_log_;
    std::vector<std::thread> workers_;
    // Only whoever holds the listener (armed one-shot: one worker at a time) uses it.
    AcceptBackoff backoff_;
    // Set while accept keeps failing, so an episode is logged once.
    std::atomic<bool> accept_failing_{false};

    // Taken when a connection opens or closes, or at stop: never per request. A connection
    // is freed (and its descriptor closed) only after it has left connections_ under it, so
    // whoever holds it may shut down any connection it finds there.
    std::mutex mutex_;
    std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
    ConnectionBound bound_;
    std::size_t in_lane_ = 0;   // of connections_
    std::size_t evicting_ = 0;  // of connections_: shut down to make room, about to be dropped
    // Set (under mutex_) when at the bound no connection is waiting; read without it after a
    // connection is armed, to re-arm the listener (see WaitingMark::publish).
    std::atomic<bool> listener_paused_{false};
    bool stopping_ = false;
};

}  // namespace orggate::serve
