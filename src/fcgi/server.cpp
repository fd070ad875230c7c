// Worker threads accept FastCGI connections, hand each request to the app, and log it.
#include "fcgi/server.hpp"

#include <fcgiapp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "fcgi/accept_backoff.hpp"
#include "log/log_line.hpp"

namespace orggate::fcgi {
namespace {

// Bodies are small forms (logout); anything bigger is refused before it is read.
constexpr long kMaxBodyBytes = 64 * 1024;

std::string param(const FCGX_Request& request, const char* name) {
    const char* value = FCGX_GetParam(name, request.envp);
    return value == nullptr ? std::string() : std::string(value);
}

std::string path_of(const FCGX_Request& request) {
    std::string path = param(request, "DOCUMENT_URI");
    if (!path.empty()) return path;
    path = param(request, "REQUEST_URI");
    return path.substr(0, path.find('?'));
}

long content_length(const FCGX_Request& request) {
    const std::string text = param(request, "CONTENT_LENGTH");
    if (text.empty() || text.size() > 12) return text.empty() ? 0 : -1;
    char* end = nullptr;
    const long length = std::strtol(text.c_str(), &end, 10);
    return (*end == '\0' && length >= 0) ? length : -1;
}

http::Request read_head(const FCGX_Request& request) {
    http::Request out;
    out.method = param(request, "REQUEST_METHOD");
    out.path = path_of(request);
    out.query = param(request, "QUERY_STRING");
    out.cookie_header = param(request, "HTTP_COOKIE");
    out.host = param(request, "HTTP_HOST");
    out.https = param(request, "HTTPS") == "on";
    out.content_type = param(request, "CONTENT_TYPE");
    out.request_id = param(request, "REQUEST_ID");
    return out;
}

std::string read_body(FCGX_Request& request, long length) {
    std::string body(static_cast<std::size_t>(length), '\0');
    const int got = FCGX_GetStr(body.data(), static_cast<int>(length), request.in);
    body.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return body;
}

// A request object for accepting on `listen_fd`; freed (not finished: respond() does that)
// when its last holder drops it.
std::shared_ptr<FCGX_Request> new_request(int listen_fd) {
    auto* request = new FCGX_Request;
    FCGX_InitRequest(request, listen_fd, 0);
    return std::shared_ptr<FCGX_Request>(request, [](FCGX_Request* done) {
        FCGX_Free(done, 1);
        delete done;
    });
}

http::Response too_large() {
    http::Response response;
    response.status = 413;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = "Request body too large\n";
    return response;
}

void write_response(FCGX_Request& request, const http::Response& response, bool with_body) {
    std::string head = "Status: " + std::to_string(response.status) + " " +
                       std::string(http::status_reason(response.status)) + "\r\n";
    for (const auto& [name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
    FCGX_PutStr(head.data(), static_cast<int>(head.size()), request.out);
    if (with_body && !response.body.empty()) {
        FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), request.out);
    }
}

// One epoll set per worker: the listener added with EPOLLEXCLUSIVE, so a new connection wakes
// one worker instead of all of them; the stop event without it, so a stop wakes every one.
int watch_listener_and_stop(int listen_fd, int stop_fd) {
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    epoll_event listener{};
    listener.events = EPOLLIN | EPOLLEXCLUSIVE;
    listener.data.fd = listen_fd;
    epoll_event stop{};
    stop.events = EPOLLIN;
    stop.data.fd = stop_fd;
    if (epoll < 0 || epoll_ctl(epoll, EPOLL_CTL_ADD, listen_fd, &listener) != 0 ||
        epoll_ctl(epoll, EPOLL_CTL_ADD, stop_fd, &stop) != 0) {
        const int error = errno;
        if (epoll >= 0) close(epoll);
        throw std::system_error(error, std::generic_category(), "cannot watch the socket");
    }
    return epoll;
}

}  // namespace

Server::Server(int listen_fd, int threads, Routing routing, lane::Lane& slow_lane, Log log,
               Log request_log)
    : listen_fd_(listen_fd),
      threads_(threads),
      stop_fd_(eventfd(0, EFD_CLOEXEC)),
      routing_(std::move(routing)),
      slow_lane_(slow_lane),
      log_(std::move(log)),
      request_log_(std::move(request_log)) {
    if (stop_fd_ < 0) throw std::runtime_error("cannot create the shutdown event");
    if (FCGX_Init() != 0) throw std::runtime_error("cannot initialise libfcgi");
}

Server::~Server() {
    stop();
    close(stop_fd_);
}

void Server::start() {
    // Made here, not in the threads: a failure stops start-up with a message.
    for (int i = 0; i < threads_; ++i) {
        const int wakeups = watch_listener_and_stop(listen_fd_, stop_fd_);
        workers_.emplace_back([this, wakeups] {
            work(wakeups);
            close(wakeups);
        });
    }
}

void Server::stop() {
    const std::uint64_t one = 1;
    if (write(stop_fd_, &one, sizeof one) != sizeof one) {
        log_(LogLine("error").add("msg", "cannot signal the workers to stop").text());
    }
    for (std::thread& worker : workers_) {
        if (worker.joinable()) worker.join();
    }
    workers_.clear();
}

// One line for the first failure of an episode, whichever worker meets it; false once stopping.
bool Server::back_off_after_accept_error(int error, AcceptBackoff& backoff) {
    if (!accept_failing_.exchange(true)) {
        log_(LogLine("accept_failed")
                 .add("errno", error)
                 .add("msg", std::error_code(error, std::generic_category()).message())
                 .add("action", "retrying with back-off up to 1s")
                 .text());
    }
    pollfd stop = {stop_fd_, POLLIN, 0};
    return poll(&stop, 1, static_cast<int>(backoff.next_wait().count())) <= 0;
}

void Server::note_accepted(AcceptBackoff& backoff) {
    backoff.reset();
    if (accept_failing_.load(std::memory_order_relaxed) && accept_failing_.exchange(false)) {
        log_(LogLine("accept_recovered").text());
    }
}

void Server::work(int wakeups) {
    std::shared_ptr<FCGX_Request> request = new_request(listen_fd_);
    AcceptBackoff backoff;
    for (;;) {
        epoll_event event{};
        const int ready = epoll_wait(wakeups, &event, 1, -1);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        if (event.data.fd == stop_fd_) break;
        // libfcgi answers -errno, or -9999 when it has no errno to give.
        const int accepted = FCGX_Accept_r(request.get());
        // Another worker may have won this connection: accept then fails with EAGAIN.
        if (accepted < 0 && is_normal_accept_error(-accepted)) continue;
        // Out of descriptors or memory, the listener stays readable: poll again at once and
        // every worker spins. Wait instead, and try again until it clears.
        if (accepted < 0) {
            if (!back_off_after_accept_error(-accepted, backoff)) break;
            continue;
        }
        note_accepted(backoff);
        if (!serve(request)) request = new_request(listen_fd_);
    }
}

bool Server::serve(std::shared_ptr<FCGX_Request>& request) {
    const auto started = std::chrono::steady_clock::now();
    http::Request head = read_head(*request);
    const long length = content_length(*request);
    if (length < 0 || length > kMaxBodyBytes) {
        respond(*request, head, too_large(), started);
        return true;
    }
    if (length > 0) head.body = read_body(*request, length);
    if (!routing_.is_slow(head)) {
        respond(*request, head, routing_.handler(head), started);
        return true;
    }
    // The request, its connection with it, now belongs to the lane's task, which answers it;
    // if the lane is full this worker answers it with the busy page at once. The last holder
    // frees it.
    std::shared_ptr<FCGX_Request> held = std::move(request);
    const bool queued = slow_lane_.try_run(
        [this, held, head, started] { respond(*held, head, routing_.handler(head), started); });
    if (!queued) respond(*held, head, routing_.busy(head), started);
    return false;
}

void Server::respond(FCGX_Request& request, const http::Request& head,
                     const http::Response& response,
                     std::chrono::steady_clock::time_point started) {
    write_response(request, response, head.method != "HEAD");
    FCGX_Finish_r(&request);
    if (!request_log_) return;
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    LogLine line("request");
    line.add("method", head.method).add("path", head.path).add("status", response.status);
    line.add("us", micros);
    if (!head.request_id.empty()) line.add("req", head.request_id);
    request_log_(line.text());
}

}  // namespace orggate::fcgi
