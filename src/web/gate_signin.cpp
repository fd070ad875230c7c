// The gate's 401: a browser goes to GitHub's login, a script is told to sign in.
#include "web/gate_signin.hpp"

#include <string_view>

#include "gate/page_load.hpp"
#include "http/host.hpp"
#include "web/login.hpp"

namespace orggate::web {
namespace {

http::Response sign_in_required() {
    http::Response response;
    response.status = 401;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    response.body = "Sign in required\n";
    return response;
}

}  // namespace

std::string gate_return_path(const http::Request& request) {
    const std::string_view uri = request.request_uri;
    if (uri.substr(0, 10) == "/_orggate/" || uri.substr(0, 10) == "/_orggate?" ||
        uri == "/_orggate") {
        return "/";
    }
    return safe_return_path(request.request_uri);
}

http::Response handle_gate_signin(RequestContext& ctx) {
    if (!gate::is_page_load(ctx.request)) return sign_in_required();
    const std::string next = gate_return_path(ctx.request);
    // The session cookie lives on the public host: the same URL there checks it.
    if (!http::same_host(ctx.request.host, ctx.app.config.public_host)) {
        return http::redirect_response(ctx.app.config.public_url + next);
    }
    return start_login(ctx, next, false);
}

}  // namespace orggate::web
