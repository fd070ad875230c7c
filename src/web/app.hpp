// The application: turns a Request into a Response (session around, route, handler).
#pragma once

#include <functional>
#include <string>

#include "config/config.hpp"
#include "crypto/random.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "session/clock.hpp"
#include "session/session_store.hpp"
#include "web/views.hpp"

namespace orggate::web {

constexpr const char* kSessionCookie = "orggate_session";

class App {
public:
    using ErrorLog = std::function<void(const std::string&)>;

    App(const Config& config, SessionStore& store, crypto::TokenSource& tokens, const Views& views,
        const Clock& clock, ErrorLog log_error);

    // Never throws: a failure becomes the 500 page and a log line.
    http::Response handle(const http::Request& request) const;

private:
    http::Response route(const http::Request& request) const;

    const Config& config_;
    SessionStore& store_;
    crypto::TokenSource& tokens_;
    const Views& views_;
    const Clock& clock_;
    ErrorLog log_error_;
};

}  // namespace orggate::web
