// Logging out: a POST that must carry the session's CSRF token, so no other site can do it.
#include "web/logout.hpp"

#include "web/csrf_check.hpp"
#include "web/pages.hpp"
#include "web/token_revocation.hpp"

namespace orggate::web {

http::Response handle_logout_page(RequestContext& ctx) {
    return render_page(ctx, Page::kLogout);
}

http::Response handle_logout(RequestContext& ctx) {
    if (ctx.session.user() == nullptr) return http::redirect_response("/", 303);
    if (!has_valid_csrf_token(ctx)) {
        ctx.flash("error", "Your logout could not be confirmed. Please try again.");
        return http::redirect_response("/logout", 303);
    }
    std::optional<std::string> token = github_token(ctx.session.current(), ctx.app.token_box);
    ctx.session.destroy();
    ctx.flash("message", "You were logged out");
    if (token) revoke_later(ctx, {std::move(*token)});
    return http::redirect_response("/", 303);
}

}  // namespace orggate::web
