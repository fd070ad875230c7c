// The request pipeline: load the session, route, run the handler, set the cookie.
#include "web/app.hpp"

#include <chrono>

#include "http/cookie.hpp"
#include "session/storage_error.hpp"
#include "web/content_security_policy.hpp"
#include "web/ended_session.hpp"
#include "web/gate_check.hpp"
#include "web/pages.hpp"
#include "web/retired_key_session.hpp"
#include "web/sealed_token.hpp"

namespace orggate::web {
namespace {

// How long a visitor is asked to wait after a storage problem before trying again.
constexpr const char* kStorageRetryAfterSeconds = "30";
// And before trying a login again that found the GitHub lane full.
constexpr const char* kBusyRetrySeconds = "5";

LogLine storage_error_line(const char* msg, const StorageError& error,
                           const http::Request& request) {
    LogLine line("error");
    line.add("msg", msg).add("detail", error.what()).add("errno", error.error_name());
    if (!request.request_id.empty()) line.add("req", request.request_id);
    return line;
}

void apply_cookie_change(const RequestSession& session, bool https, http::Response& response) {
    using Action = RequestSession::CookieAction;
    const Action action = session.cookie_action();
    if (action == Action::kKeep) return;
    http::CookieOptions options;
    options.secure = https;
    options.expire = action == Action::kClear;
    response.set_header("Set-Cookie", http::set_cookie(kSessionCookie, session.id(), options));
}

}  // namespace

App::App(Services services)
    : services_(std::move(services)),
      content_security_policy_(content_security_policy(services_.config.github_url)) {}

http::Response App::handle(const http::Request& request) const {
    const auto started = std::chrono::steady_clock::now();
    const RouteMatch match = match_route(request.method, request.path);
    http::Response response = respond(request, match);
    // Here, not in nginx: the avatar and authorize hosts follow GITHUB_URL by themselves. Not
    // on the gate check's answer, which nginx reads and no browser ever sees.
    if (match.sets_cookies)
        response.set_header("Content-Security-Policy", content_security_policy_);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    // Unknown paths share one label, so a scanner cannot grow the metrics without bound.
    const std::string_view route =
        match.allowed.empty() ? std::string_view("unmatched") : match.path;
    services_.metrics.record_request(route, response.status, took.count());
    return response;
}

http::Response App::handle_check(const http::Request& request) const {
    if (match_route(request.method, request.path).path == kGateCheckPath) return handle(request);
    http::Response response;
    response.status = 404;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = "Not found: this socket answers the gate check only\n";
    services_.metrics.record_request("unmatched", response.status, 0);
    return response;
}

bool App::calls_github(const http::Request& request) const {
    return match_route(request.method, request.path).calls_github;
}

http::Response App::busy(const http::Request& request) const {
    services_.metrics.record_login("busy");
    LogLine line("login");
    line.add("outcome", "busy");
    if (!request.request_id.empty()) line.add("req", request.request_id);
    services_.log(line.text());
    PageView view;
    view.page = Page::kBusy;
    view.org = services_.config.github_org;
    http::Response response = http::html_response(503, services_.views.render(view));
    response.set_header("Retry-After", kBusyRetrySeconds);
    response.set_header("Content-Security-Policy", content_security_policy_);
    return response;
}

http::Response App::respond(const http::Request& request, const RouteMatch& match) const {
    Page error_page = Page::kServerError;
    try {
        return route(request, match);
    } catch (const StorageError& error) {
        services_.log(storage_error_line("session storage failed", error, request).text());
        error_page = Page::kStorageError;
    } catch (const std::exception& error) {
        LogLine line("error");
        line.add("msg", std::string("request failed: ") + error.what());
        if (!request.request_id.empty()) line.add("req", request.request_id);
        services_.log(line.text());
    }
    try {
        return error_response(error_page);
    } catch (const std::exception& error) {
        services_.log(
            LogLine("error").add("msg", std::string("error page failed: ") + error.what()).text());
        http::Response response;
        response.status = 500;
        response.set_header("Content-Type", "text/plain; charset=utf-8");
        response.body = "Internal Server Error\n";
        return response;
    }
}

// A storage problem is a 503, not a 500: orggate is fine and nothing was lost, but the disk
// needs a look, and the visitor may try again.
http::Response App::error_response(Page page) const {
    if (page != Page::kStorageError) {
        return http::html_response(500, services_.views.render({page, nullptr, {}, {}, {}}));
    }
    http::Response response =
        http::html_response(503, services_.views.render({page, nullptr, {}, {}, {}}));
    response.set_header("Retry-After", kStorageRetryAfterSeconds);
    return response;
}

http::Response App::route(const http::Request& request, const RouteMatch& match) const {
    // A token sealed under APP_SECRET_KEY_PREVIOUS moves to the current key whenever the
    // session is written anyway (its keep-alive refresh below, once a minute while in use).
    RequestSession session(
        services_.store, services_.tokens, http::find_cookie(request.cookie_header, kSessionCookie),
        [&box = services_.token_box](Session& saved) { reseal_token(saved, box); });
    FlashJar flashes(services_.flash_box, http::find_cookie(request.cookie_header, kFlashCookie));
    RequestContext ctx{request, session, flashes, services_};
    end_if_key_retired(ctx, match.sets_cookies);
    end_if_ended_elsewhere(ctx, match.sets_cookies);
    // Best effort: a full or read-only disk must not stop pages that only read the session.
    try {
        session.refresh_if_older_than(services_.clock.now(), kKeepAliveRefreshInterval);
    } catch (const StorageError& error) {
        services_.log(storage_error_line("session refresh failed", error, request).text());
    }

    http::Response response;
    if (match.handler != nullptr) {
        response = match.handler(ctx);
    } else if (match.allowed.empty()) {
        response = render_page(ctx, Page::kNotFound, 404);
    } else {
        response = render_page(ctx, Page::kMethodNotAllowed, 405);
        response.set_header("Allow", match.allowed);
    }
    if (!match.sets_cookies) return response;
    apply_cookie_change(session, request.https, response);
    if (auto cookie = flashes.set_cookie(request.https)) {
        response.set_header("Set-Cookie", std::move(*cookie));
    }
    return response;
}

}  // namespace orggate::web
