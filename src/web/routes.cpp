// The route table and its lookup.
#include "web/routes.hpp"

#include "web/callback.hpp"
#include "web/gate_check.hpp"
#include "web/gate_denied.hpp"
#include "web/gate_signin.hpp"
#include "web/health.hpp"
#include "web/login.hpp"
#include "web/logout.hpp"
#include "web/logout_everywhere.hpp"
#include "web/pages.hpp"
#include "web/webhook.hpp"

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
    // Also matches every path that starts with PATH (the gate check's rule): a rule written
    // without its "/" or with a "?" (which nginx escapes) must still reach the check, which
    // refuses it as misconfigured, instead of a 404 that nginx turns into a 500.
    bool under = false;
    bool sets_cookies = true;
};

// Any method: the gate sees the protected request's own.
constexpr std::string_view kAnyMethod = "*";

constexpr Route kRoutes[] = {
    {"GET", "/", handle_home},
    {"GET", "/page1", handle_page1},
    {"GET", "/page2", handle_page2},
    {"GET", "/login", handle_login},
    {"GET", "/login/authorized", handle_callback, false, true},
    {"GET", "/logout", handle_logout_page},
    {"POST", "/logout", handle_logout},
    {"POST", "/logout/everywhere", handle_logout_everywhere},
    {"GET", "/healthz", handle_health},
    {"GET", "/metrics", handle_metrics},
    {kAnyMethod, kGateCheckPath, handle_gate_check, true, false, true, false},
    {kAnyMethod, "/_orggate/signin", handle_gate_signin},
    {kAnyMethod, "/_orggate/denied", handle_gate_denied},
    // Any method, so that without a secret every method finds nothing (404); GitHub's
    // deliveries carry no cookie, and none is set in answer.
    {kAnyMethod, kWebhookPath, handle_webhook, true, false, false, false},
};

bool path_matches(const Route& route, std::string_view path) {
    if (route.path == path) return true;
    return route.under && path.substr(0, route.path.size()) == route.path;
}

}  // namespace

RouteMatch match_route(std::string_view method, std::string_view path) {
    const bool head = method == "HEAD";
    const std::string_view wanted = head ? std::string_view("GET") : method;
    RouteMatch match;
    for (const Route& route : kRoutes) {
        if (!path_matches(route, path)) continue;
        match.path = route.path;
        if (route.method == kAnyMethod || (route.method == wanted && (route.head || !head))) {
            match.handler = route.handler;
            match.calls_github = route.calls_github;
            match.sets_cookies = route.sets_cookies;
        }
        if (!match.allowed.empty()) match.allowed += ", ";
        match.allowed += route.method;
        if (route.method == "GET" && route.head) match.allowed += ", HEAD";
    }
    return match;
}

}  // namespace orggate::web
