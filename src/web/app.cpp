// The request pipeline: load the session, route, run the handler, set the cookie.
#include "web/app.hpp"

#include "http/cookie.hpp"
#include "web/pages.hpp"
#include "web/routes.hpp"

namespace orggate::web {
namespace {

// An active session rewrites its file at most this often just to stay alive.
constexpr std::int64_t kRefreshInterval = 60;

void apply_cookie_change(const RequestSession& session, bool https, http::Response& response) {
    const auto change = session.cookie_change();
    if (!change)
        return;
    http::CookieOptions options;
    options.secure = https;
    options.expire = !change->has_value();
    response.set_header("Set-Cookie",
                        http::set_cookie(kSessionCookie, change->value_or(""), options));
}

}  // namespace

App::App(const Config& config, SessionStore& store, crypto::TokenSource& tokens, const Views& views,
         const Clock& clock, ErrorLog log_error)
    : config_(config),
      store_(store),
      tokens_(tokens),
      views_(views),
      clock_(clock),
      log_error_(std::move(log_error)) {}

http::Response App::handle(const http::Request& request) const {
    try {
        return route(request);
    } catch (const std::exception& error) {
        log_error_(std::string("request failed: ") + error.what());
    }
    try {
        return http::html_response(500, views_.render({Page::kServerError, nullptr, {}, {}, {}}));
    } catch (const std::exception& error) {
        log_error_(std::string("error page failed: ") + error.what());
        http::Response response;
        response.status = 500;
        response.set_header("Content-Type", "text/plain; charset=utf-8");
        response.body = "Internal Server Error\n";
        return response;
    }
}

http::Response App::route(const http::Request& request) const {
    RequestSession session(store_, tokens_,
                           http::find_cookie(request.cookie_header, kSessionCookie));
    session.refresh_if_older_than(clock_.now(), kRefreshInterval);
    RequestContext ctx{request, session, config_, views_};

    const RouteMatch match = match_route(request.method, request.path);
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
