// The FastCGI edge (the only libfcgi code): worker threads, params -> Request, Response -> stream.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fcgi/accept_backoff.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "lane/lane.hpp"

struct FCGX_Request;  // libfcgi's, kept out of this header

namespace orggate::fcgi {

class Server {
public:
    using Handler = std::function<http::Response(const http::Request&)>;
    using Log = std::function<void(const std::string&)>;

    // What the server asks the application.
    struct Routing {
        Handler handler;                                    // answers a request
        std::function<bool(const http::Request&)> is_slow;  // waits on GitHub: run in the lane
        Handler busy;                                       // the answer when the lane is full
    };

    // Takes a listening socket from open_listen_socket; does not own it. Slow requests are
    // handed with their connection to `slow_lane`, and the worker goes back to accepting.
    // `request_log` gets the event=request line of each request; null: none is written.
    Server(int listen_fd, int threads, Routing routing, lane::Lane& slow_lane, Log log,
           Log request_log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Starts the workers; returns at once.
    void start();
    // Stops accepting, lets every request in flight finish, joins the workers. Idempotent.
    void stop();

private:
    // Accepts and serves until stopped; `wakeups` is this worker's epoll set.
    void work(int wakeups);
    bool back_off_after_accept_error(int error, AcceptBackoff& backoff);
    void note_accepted(AcceptBackoff& backoff);
    // Answers the accepted request, or hands it on; false when `request` is no longer this
    // worker's (it then gets a fresh one).
    bool serve(std::shared_ptr<::FCGX_Request>& request);
    void respond(::FCGX_Request& request, const http::Request& head, const http::Response& response,
                 std::chrono::steady_clock::time_point started);

    int listen_fd_;
    int threads_;
    int stop_fd_;  // eventfd: readable once stop() is called, waking every worker
    Routing routing_;
    lane::Lane& slow_lane_;
    Log log_;
    Log request_log_;
    std::vector<std::thread> workers_;
    // Set while accept keeps failing, so all workers together log an episode once.
    std::atomic<bool> accept_failing_{false};
};

}  // namespace orggate::fcgi
