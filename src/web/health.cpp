// Health and metrics: plain text, never cached, no session involved.
#include "web/health.hpp"

namespace orggate::web {
namespace {

http::Response plain(int status, std::string body, const char* type) {
    http::Response response;
    response.status = status;
    response.set_header("Content-Type", type);
    response.set_header("Cache-Control", "no-store");
    response.body = std::move(body);
    return response;
}

}  // namespace

http::Response handle_health(RequestContext& ctx) {
    const std::optional<std::string> problem = ctx.app.store.health_problem();
    if (problem) return plain(503, "unavailable: " + *problem + "\n", "text/plain; charset=utf-8");
    return plain(200, "ok\n", "text/plain; charset=utf-8");
}

http::Response handle_metrics(RequestContext& ctx) {
    return plain(200, ctx.app.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace orggate::web
