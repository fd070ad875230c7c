// The request pipeline: load the session, route, run the handler, set the cookie.
#include "web/app.hpp"

#include <chrono>

#include "http/cookie.hpp"
#include "web/content_security_policy.hpp"
#include "web/pages.hpp"

namespace orggate::web {
namespace {

// An active session rewrites its file at most this often just to stay alive.
constexpr std::int64_t kRefreshInterval = kKeepAliveRefreshInterval;

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
    // Here, not in nginx: the avatar and authorize hosts follow GITHUB_URL by themselves.
    response.set_header("Content-Security-Policy", content_security_policy_);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    // Unknown paths share one label, so a scanner cannot grow the metrics without bound.
    const std::string_view route =
        match.allowed.empty() ? std::string_view("unmatched") : std::string_view(request.path);
    services_.metrics.record_request(route, response.status, took.count());
    return response;
}

http::Response App::respond(const http::Request& request, const RouteMatch& match) const {
    try {
        return route(request, match);
    } catch (const std::exception& error) {
        LogLine line("error");
        line.add("msg", std::string("request failed: ") + error.what());
        if (!request.request_id.empty()) line.add("req", request.request_id);
        services_.log(line.text());
    }
    try {
        return http::html_response(
            500, services_.views.render({Page::kServerError, nullptr, {}, {}, {}}));
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

http::Response App::route(const http::Request& request, const RouteMatch& match) const {
    RequestSession session(services_.store, services_.tokens,
                           http::find_cookie(request.cookie_header, kSessionCookie));
    session.refresh_if_older_than(services_.clock.now(), kRefreshInterval);
    RequestContext ctx{request, session, services_};

    http::Response response;
    if (match.handler != nullptr) {
        response = match.handler(ctx);
    } else if (match.allowed.empty()) {
        response = render_page(ctx, Page::kNotFound, 404);
    } else {
        response = render_page(ctx, Page::kMethodNotAllowed, 405);
        response.set_header("Allow", match.allowed);
    }
    apply_cookie_change(session, request.https, response);
    return response;
}

}  // namespace orggate::web
