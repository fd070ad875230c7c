// Starting a login: remember it server-side, then redirect to GitHub's authorize page.
#include "web/login.hpp"

#include "github/oauth.hpp"
#include "http/query.hpp"
#include "http/return_path.hpp"
#include "web/pending_login.hpp"

namespace orggate::web {
namespace {

// 256 bits each: the state is unguessable, the verifier well inside PKCE's 43-128 characters.
constexpr std::size_t kSecretBytes = 32;

}  // namespace

http::Response handle_login(RequestContext& ctx) {
    const Config& config = ctx.app.config;
    const http::Params params = http::parse_params(ctx.request.query);
    std::string next = http::find_param(params, "next").value_or("/");
    if (!http::is_safe_return_path(next)) next = "/";

    const std::int64_t now = ctx.app.clock.now();
    const PendingLogin login{
        ctx.app.tokens.token(kSecretBytes), next,
        github::callback_url(config.public_url, ctx.request.https, ctx.request.host), now};
    const std::string state = ctx.app.tokens.token(kSecretBytes);
    ctx.session.update([&](Session& session) { add_pending_login(session, state, login, now); });

    github::AuthorizeRequest authorize;
    authorize.client_id = config.github_client_id;
    authorize.redirect_uri = login.redirect_uri;
    authorize.state = state;
    authorize.code_challenge = github::pkce_challenge(login.verifier);
    authorize.select_account = http::find_param(params, "prompt") == "select_account";
    return http::redirect_response(github::authorize_url(config.github_url, authorize));
}

}  // namespace orggate::web
