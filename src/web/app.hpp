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

    // Never throws: a failure becomes the 500 page and a log line.
    http::Response handle(const http::Request& request) const;

private:
    http::Response respond(const http::Request& request, const RouteMatch& match) const;
    http::Response route(const http::Request& request, const RouteMatch& match) const;

    Services services_;
    std::string content_security_policy_;  // the same for every response: built once
};

}  // namespace orggate::web
