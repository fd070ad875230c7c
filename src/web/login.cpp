// Starting a login: remember it in the browser's login cookie, then redirect to GitHub.
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
// A longer return path would crowd the other tabs' logins out of the cookie.
constexpr std::size_t kMaxNextBytes = 2000;

std::string return_path(const http::Params& params) {
    std::string next = http::find_param(params, "next").value_or("/");
    if (next.size() > kMaxNextBytes || !http::is_safe_return_path(next)) return "/";
    return next;
}

// The same /login on the configured host: its cookies and GitHub's callback live there.
http::Response to_public_host(const RequestContext& ctx) {
    const std::string& query = ctx.request.query;
    return http::redirect_response(ctx.app.config.public_url + "/login" +
                                   (query.empty() ? "" : "?" + query));
}

}  // namespace

http::Response handle_login(RequestContext& ctx) {
    const Config& config = ctx.app.config;
    if (!http::same_host(ctx.request.host, config.public_host)) return to_public_host(ctx);
    const http::Params params = http::parse_params(ctx.request.query);
    const std::int64_t now = ctx.app.clock.now();
    PendingLogin login{ctx.app.tokens.token(kSecretBytes), ctx.app.tokens.token(kSecretBytes),
                       return_path(params), now};

    github::AuthorizeRequest authorize;
    authorize.client_id = config.github_client_id;
    authorize.redirect_uri = github::callback_url(config.public_url);
    authorize.state = login.state;
    authorize.code_challenge = github::pkce_challenge(login.verifier);
    authorize.select_account = http::find_param(params, "prompt") == "select_account";

    PendingLogins logins = read_login_cookie(
        ctx.app.login_box, http::find_cookie(ctx.request.cookie_header, kLoginCookie));
    add_pending_login(logins, std::move(login), now);
    http::Response response =
        http::redirect_response(github::authorize_url(config.github_url, authorize));
    response.set_header("Set-Cookie", login_cookie(ctx.app.login_box, logins, ctx.request.https));
    return response;
}

}  // namespace orggate::web
