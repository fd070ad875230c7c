// Logging out: a POST that must carry the session's CSRF token, so no other site can do it.
#include "web/logout.hpp"

#include "crypto/digest.hpp"
#include "http/query.hpp"
#include "web/pages.hpp"
#include "web/session_keys.hpp"

namespace orggate::web {
namespace {

bool has_valid_csrf_token(const RequestContext& ctx) {
    const auto& values = ctx.session.current().values;
    const auto expected = values.find(kCsrfTokenKey);
    if (expected == values.end() || expected->second.empty()) return false;
    const auto sent = http::find_param(http::parse_params(ctx.request.body), "csrf_token");
    return sent && crypto::constant_time_equal(*sent, expected->second);
}

std::optional<std::string> github_token(const RequestContext& ctx) {
    const auto& values = ctx.session.current().values;
    const auto sealed = values.find(kGitHubTokenKey);
    if (sealed == values.end()) return std::nullopt;
    return ctx.app.token_box.open(sealed->second);
}

}  // namespace

http::Response handle_logout_page(RequestContext& ctx) {
    return render_page(ctx, Page::kLogout);
}

http::Response handle_logout(RequestContext& ctx) {
    if (ctx.session.user() == nullptr) return http::redirect_response("/", 303);
    if (!has_valid_csrf_token(ctx)) {
        ctx.session.add_flash("error", "Your logout could not be confirmed. Please try again.");
        return http::redirect_response("/logout", 303);
    }
    const std::optional<std::string> token = github_token(ctx);
    ctx.session.destroy();
    ctx.session.add_flash("message", "You were logged out");
    // The token is useless once logged out; revoking it means a stolen copy is too.
    // Best effort: a GitHub outage must not keep anyone logged in.
    std::string why;
    if (token && !ctx.app.github.revoke_token(*token, why)) {
        ctx.log(LogLine("error").add("msg", why));
    }
    return http::redirect_response("/", 303);
}

}  // namespace orggate::web
