// The application: turns a Request into a Response (session around, route, handler).
#pragma once

#include <string>

#include "http/request.hpp"
#include "http/response.hpp"
#include "web/request_context.hpp"
#include "web/routes.hpp"

namespace orggate::web {

constexpr const char* kSessionCookie = "orggate_session";

class App {
public:
    explicit App(Services services);

    // Never throws: a failure becomes the 500 page and a log line; a StorageError the 503
    // storage page (with Retry-After) and a log line with its errno.
    http::Response handle(const http::Request& request) const;

    // The check socket's handler: the gate check, and a 404 for anything else, so that socket
    // is never a second way in to the pages.
    http::Response handle_check(const http::Request& request) const;
    // True for requests that wait on GitHub (the login callback): the FastCGI edge runs them
    // in the GitHub lane, so the page workers never wait on GitHub.
    bool calls_github(const http::Request& request) const;
    // The answer to such a request when the lane is full; it touches no session and no state.
    http::Response busy(const http::Request& request) const;

private:
    http::Response respond(const http::Request& request, const RouteMatch& match) const;
    http::Response route(const http::Request& request, const RouteMatch& match) const;
    http::Response error_response(Page page) const;

    Services services_;
    std::string content_security_policy_;  // the same for every response: built once
};

}  // namespace orggate::web
