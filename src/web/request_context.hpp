// What a handler gets: the request, its session, and the long-lived parts of the app.
#pragma once

#include <functional>
#include <string>

#include "config/config.hpp"
#include "crypto/random.hpp"
#include "crypto/sealed_box.hpp"
#include "gate/rule_warnings.hpp"
#include "github/github_client.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "lane/lane.hpp"
#include "log/log_line.hpp"
#include "metrics/metrics.hpp"
#include "session/clock.hpp"
#include "session/session_store.hpp"
#include "web/flash_jar.hpp"
#include "web/request_session.hpp"
#include "web/spent_states.hpp"
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
    const crypto::SealedBox& login_box;  // seals the pending-login cookie
    const crypto::SealedBox& flash_box;  // seals the flash cookie
    SpentStates& spent_states;           // OAuth states already used
    lane::Lane& github_lane;             // where work that waits on GitHub runs
    Metrics& metrics;
    std::function<void(const std::string&)> log;
    gate::RuleWarnings& rule_warnings;  // malformed gate rules already logged
    // Asks the background re-check to look at a user at once (a webhook said their teams
    // changed); empty where nothing re-checks (unit tests).
    std::function<void(const IndexedUser&)> recheck_soon = {};
};

struct RequestContext {
    const http::Request& request;
    RequestSession& session;
    FlashJar& flashes;
    const Services& app;

    void flash(const std::string& category, const std::string& text) const {
        flashes.add(Flash{category, text});
    }

    // Logs `line` with this request's id, to follow it from nginx's log to orggate's.
    void log(LogLine line) const {
        if (!request.request_id.empty()) line.add("req", request.request_id);
        app.log(line.text());
    }
};

using Handler = http::Response (*)(RequestContext&);

}  // namespace orggate::web
