// Starting a login: remember it in a cookie of its own, then redirect to GitHub.
#include "web/login.hpp"

#include "github/oauth.hpp"
#include "http/cookie.hpp"
#include "http/host.hpp"
#include "http/query.hpp"
#include "http/return_path.hpp"
#include "web/login_cookie.hpp"

namespace orggate::web {
namespace {

// 256 bits each: the state is unguessable, the verifier well inside PKCE's 43-128 characters.
constexpr std::size_t kSecretBytes = 32;
// The login cookie carries `next` percent-encoded, then sealed and base64url'd, and a browser
// drops a cookie over 4,096 bytes: with this much encoded it is at most about 4,070. Only a path
// dense with characters that need %XX (3 bytes each there) reaches it before
// http::kMaxReturnPathBytes.
constexpr std::size_t kMaxEncodedNextBytes = 2900;

// The same /login on the configured host: its cookies and GitHub's callback live there.
http::Response to_public_host(const RequestContext& ctx) {
    const std::string& query = ctx.request.query;
    return http::redirect_response(ctx.app.config.public_url + "/login" +
                                   (query.empty() ? "" : "?" + query));
}

}  // namespace

std::string safe_return_path(std::string next) {
    if (!http::is_safe_return_path(next) ||
        http::percent_encode(next).size() > kMaxEncodedNextBytes) {
        return "/";
    }
    return next;
}

http::Response handle_login(RequestContext& ctx) {
    if (!http::same_host(ctx.request.host, ctx.app.config.public_host)) return to_public_host(ctx);
    const http::Params params = http::parse_params(ctx.request.query);
    return start_login(ctx, safe_return_path(http::find_param(params, "next").value_or("/")),
                       http::find_param(params, "prompt") == "select_account");
}

http::Response start_login(RequestContext& ctx, std::string next, bool select_account) {
    const Config& config = ctx.app.config;
    const std::int64_t now = ctx.app.clock.now();
    const PendingLogin login{ctx.app.tokens.token(kSecretBytes), ctx.app.tokens.token(kSecretBytes),
                             std::move(next), now};

    github::AuthorizeRequest authorize;
    authorize.client_id = config.github_client_id;
    authorize.redirect_uri = github::callback_url(config.public_url);
    authorize.state = login.state;
    authorize.code_challenge = github::pkce_challenge(login.verifier);
    authorize.select_account = select_account;

    http::Response response =
        http::redirect_response(github::authorize_url(config.github_url, authorize));
    for (std::string& cookie : start_login_cookies(ctx.app.login_box, ctx.request.cookie_header,
                                                   login, now, ctx.request.https)) {
        response.set_header("Set-Cookie", std::move(cookie));
    }
    return response;
}

}  // namespace orggate::web
