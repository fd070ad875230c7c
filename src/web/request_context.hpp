// What a handler gets: the request, its session, and the long-lived parts of the app.
#pragma once

#include <functional>
#include <string>

#include "config/config.hpp"
#include "crypto/random.hpp"
#include "crypto/sealed_box.hpp"
#include "github/github_client.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "log/log_line.hpp"
#include "metrics/metrics.hpp"
#include "session/clock.hpp"
#include "session/session_store.hpp"
#include "web/request_session.hpp"
#include "web/views.hpp"

namespace orggate::web {

// Everything the handlers share, made once in main and passed by reference.
struct Services {
    const Config& config;
    SessionStore& store;
    crypto::TokenSource& tokens;
    const Views& views;
    const Clock& clock;
    const github::GitHubClient& github;
    const crypto::SealedBox& token_box;  // seals the GitHub token in the session file
    Metrics& metrics;
    std::function<void(const std::string&)> log;
};

struct RequestContext {
    const http::Request& request;
    RequestSession& session;
    const Services& app;

    // Logs `line` with this request's id, to follow it from nginx's log to orggate's.
    void log(LogLine line) const {
        if (!request.request_id.empty()) line.add("req", request.request_id);
        app.log(line.text());
    }
};

using Handler = http::Response (*)(RequestContext&);

}  // namespace orggate::web
