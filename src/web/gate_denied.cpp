// The gate's 403: why this signed-in user may not see the location, and a way to switch.
#include "web/gate_denied.hpp"

#include "gate/page_load.hpp"
#include "http/query.hpp"
#include "web/gate_signin.hpp"
#include "web/pages.hpp"

namespace orggate::web {
namespace {

// The check's reason, as nginx passed it on (percent-encoded); a generic one if none came.
std::string reason_of(const http::Request& request) {
    const std::optional<std::string> reason = http::percent_decode(request.gate_reason, false);
    if (!reason || reason->empty()) return "you are not allowed to see this page";
    return *reason;
}

http::Response plain_forbidden(const std::string& reason) {
    http::Response response;
    response.status = 403;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    response.body = "Forbidden: " + reason + "\n";
    return response;
}

}  // namespace

http::Response handle_gate_denied(RequestContext& ctx) {
    const std::string reason = reason_of(ctx.request);
    if (!gate::is_page_load(ctx.request)) return plain_forbidden(reason);
    PageView view = page_view(ctx, Page::kDenied);
    view.denied_reason = reason;
    // GitHub shows its account picker, then the login returns to the same protected URL.
    view.relogin_url = "/login?" + http::encode_params({{"next", gate_return_path(ctx.request)},
                                                        {"prompt", "select_account"}});
    http::Response response = http::html_response(403, ctx.app.views.render(view));
    response.set_header("Cache-Control", "no-store");
    return response;
}

}  // namespace orggate::web
