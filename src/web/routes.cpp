// The route table and its lookup.
#include "web/routes.hpp"

#include "web/callback.hpp"
#include "web/health.hpp"
#include "web/login.hpp"
#include "web/logout.hpp"
#include "web/pages.hpp"

namespace orggate::web {
namespace {

struct Route {
    std::string_view method;
    std::string_view path;
    Handler handler;
    // HEAD runs the GET handler with the body dropped; false where GET has effects that a
    // HEAD must not have (a link checker or preloader would consume the login's state).
    bool head = true;
    bool calls_github = false;
};

constexpr Route kRoutes[] = {
    {"GET", "/", handle_home},
    {"GET", "/page1", handle_page1},
    {"GET", "/page2", handle_page2},
    {"GET", "/login", handle_login},
    {"GET", "/login/authorized", handle_callback, false, true},
    {"GET", "/logout", handle_logout_page},
    {"POST", "/logout", handle_logout},
    {"GET", "/healthz", handle_health},
    {"GET", "/metrics", handle_metrics},
};

}  // namespace

RouteMatch match_route(std::string_view method, std::string_view path) {
    const bool head = method == "HEAD";
    const std::string_view wanted = head ? std::string_view("GET") : method;
    RouteMatch match;
    for (const Route& route : kRoutes) {
        if (route.path != path) continue;
        if (route.method == wanted && (route.head || !head)) {
            match.handler = route.handler;
            match.calls_github = route.calls_github;
        }
        if (!match.allowed.empty()) match.allowed += ", ";
        match.allowed += route.method;
        if (route.method == "GET" && route.head) match.allowed += ", HEAD";
    }
    return match;
}

}  // namespace orggate::web
