// The FastCGI edge (the only libfcgi code): worker threads, params -> Request, Response -> stream.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "fcgi/accept_backoff.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace orggate::fcgi {

class Server {
public:
    using Handler = std::function<http::Response(const http::Request&)>;
    using Log = std::function<void(const std::string&)>;

    // Takes a listening socket from open_listen_socket; does not own it.
    Server(int listen_fd, int threads, Handler handler, Log log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Starts the workers; returns at once.
    void start();
    // Stops accepting, lets every request in flight finish, joins the workers. Idempotent.
    void stop();

private:
    void work();
    bool back_off_after_accept_error(int error, AcceptBackoff& backoff);
    void note_accepted(AcceptBackoff& backoff);
    void serve(void* request);

    int listen_fd_;
    int threads_;
    int stop_fd_;  // eventfd: readable once stop() is called, waking every worker's poll
    Handler handler_;
    Log log_;
    std::vector<std::thread> workers_;
    // Set while accept keeps failing, so all workers together log an episode once.
    std::atomic<bool> accept_failing_{false};
};

}  // namespace orggate::fcgi
