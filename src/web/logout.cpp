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

// The token is useless once logged out; revoking it means a stolen copy is too. Best effort,
// in the GitHub lane: neither a slow GitHub nor an outage delays the logout or undoes it.
void revoke_later(const RequestContext& ctx, std::string token) {
    const github::GitHubClient& github = ctx.app.github;
    // The task outlives this request: it keeps copies, and references only to what main owns.
    const auto log = [write = ctx.app.log, id = ctx.request.request_id](LogLine line) {
        if (!id.empty()) line.add("req", id);
        write(line.text());
    };
    const bool queued = ctx.app.github_lane.try_run([&github, log, token = std::move(token)] {
        std::string why;
        if (!github.revoke_token(token, why)) log(LogLine("error").add("msg", why));
    });
    if (!queued) log(LogLine("error").add("msg", "token revocation skipped: GitHub lane full"));
}

}  // namespace

http::Response handle_logout_page(RequestContext& ctx) {
    return render_page(ctx, Page::kLogout);
}

http::Response handle_logout(RequestContext& ctx) {
    if (ctx.session.user() == nullptr) return http::redirect_response("/", 303);
    if (!has_valid_csrf_token(ctx)) {
        ctx.flash("error", "Your logout could not be confirmed. Please try again.");
        return http::redirect_response("/logout", 303);
    }
    std::optional<std::string> token = github_token(ctx);
    ctx.session.destroy();
    ctx.flash("message", "You were logged out");
    if (token) revoke_later(ctx, std::move(*token));
    return http::redirect_response("/", 303);
}

}  // namespace orggate::web
