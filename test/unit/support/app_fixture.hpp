// The whole app wired to fakes (scripted GitHub, memory store, hand-set clock, inline lane),
// and a browser's cookie jar in front of it.
#pragma once

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

#include "support/counting_token_source.hpp"
#include "support/fake_clock.hpp"
#include "support/fake_http_client.hpp"
#include "support/inline_lane.hpp"
#include "support/memory_session_store.hpp"
#include "support/template_dir.hpp"
#include "web/app.hpp"

namespace orggate::testing {

struct AppFixture {
    Config config = [] {
        Config c;
        c.github_org = "acme";
        c.github_client_id = "client-id";
        c.github_client_secret = "client-SECRET";
        c.github_url = "https://github.test";
        c.public_url = "http://site.test";
        c.public_host = "site.test";
        return c;
    }();
    MemorySessionStore store;
    CountingTokenSource tokens;
    web::Views views{template_dir()};
    FakeClock clock;
    FakeHttpClient http;
    github::GitHubClient github{
        http, {"https://github.test", "https://api.github.test", "client-id", "client-SECRET"}};
    crypto::SealedBox token_box{std::string(32, 'k'), "token"};
    crypto::SealedBox login_box{std::string(32, 'k'), "login"};
    crypto::SealedBox flash_box{std::string(32, 'k'), "flash"};
    web::SpentStates spent_states{1000, 600};
    InlineLane lane;
    Metrics metrics;
    std::vector<std::string> log;
    gate::RuleWarnings rule_warnings;

    web::Services services() {
        return {config,
                store,
                tokens,
                views,
                clock,
                github,
                token_box,
                login_box,
                flash_box,
                spent_states,
                lane,
                metrics,
                [this](const std::string& line) { log.push_back(line); },
                rule_warnings};
    }
    web::App app{services()};

    // The same app over another store (one that fails, say).
    web::App app_with(SessionStore& other) {
        web::Services wired = services();
        return web::App(web::Services{wired.config, other, wired.tokens, wired.views, wired.clock,
                                      wired.github, wired.token_box, wired.login_box,
                                      wired.flash_box, wired.spent_states, wired.github_lane,
                                      wired.metrics, wired.log, wired.rule_warnings});
    }

    // The browser's cookies by name, kept from every Set-Cookie as a browser would.
    std::map<std::string, std::string> jar;

    http::Request make_request(const std::string& method, const std::string& target,
                               const std::string& body = "") const {
        http::Request r;
        r.method = method;
        r.path = target.substr(0, target.find('?'));
        if (target.find('?') != std::string::npos) r.query = target.substr(target.find('?') + 1);
        r.host = "site.test";
        r.body = body;
        for (const auto& [name, value] : jar) {
            if (!r.cookie_header.empty()) r.cookie_header += "; ";
            r.cookie_header += name + "=" + value;
        }
        return r;
    }

    http::Response send(const http::Request& request) {
        http::Response response = app.handle(request);
        keep_cookies(response);
        return response;
    }

    http::Response request(const std::string& method, const std::string& target,
                           const std::string& body = "") {
        return send(make_request(method, target, body));
    }

    void keep_cookies(const http::Response& response) {
        for (const auto& [name, value] : response.headers) {
            if (name != "Set-Cookie") continue;
            const auto equals = value.find('=');
            const auto end = value.find(';');
            const std::string cookie = value.substr(0, equals);
            if (value.find("Max-Age=0") != std::string::npos) {
                jar.erase(cookie);
            } else {
                jar[cookie] = value.substr(equals + 1, end - equals - 1);
            }
        }
    }

    // Every Set-Cookie line of `response` for a cookie whose name starts with `prefix`.
    static std::vector<std::string> set_cookies(const http::Response& response,
                                                const std::string& prefix) {
        std::vector<std::string> lines;
        for (const auto& [header, value] : response.headers) {
            if (header == "Set-Cookie" && value.rfind(prefix, 0) == 0) lines.push_back(value);
        }
        return lines;
    }

    // How many cookies the browser holds whose name starts with `prefix`.
    std::size_t cookies_named(const std::string& prefix) const {
        std::size_t count = 0;
        for (const auto& [name, value] : jar)
            count += name.rfind(prefix, 0) == 0 ? 1 : 0;
        return count;
    }
};

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace orggate::testing
