// Finishing a login: state first, then code -> token -> user -> membership -> decision -> teams.
#include "web/callback.hpp"

#include <chrono>

#include "github/login_policy.hpp"
#include "github/oauth.hpp"
#include "http/cookie.hpp"
#include "http/query.hpp"
#include "web/login_cookie.hpp"
#include "web/routes.hpp"
#include "web/sealed_token.hpp"
#include "web/session_keys.hpp"

namespace orggate::web {
namespace {

constexpr std::size_t kCsrfTokenBytes = 32;

// Every finished attempt is counted for /metrics and logged once, with this request's id.
void record(RequestContext& ctx, const std::string& outcome, const char* key = nullptr,
            const std::string& value = "") {
    ctx.app.metrics.record_login(outcome);
    LogLine line("login");
    line.add("outcome", outcome);
    if (key != nullptr) line.add(key, value);
    ctx.log(std::move(line));
}

http::Response refuse(RequestContext& ctx, const std::string& message) {
    ctx.flash("error", message);
    return http::redirect_response("/");
}

http::Response fail(RequestContext& ctx, const github::Failure& failure) {
    record(ctx, "error", "msg", failure.log_message);
    return refuse(ctx, failure.user_message);
}

http::Response deny(RequestContext& ctx, const UserProfile& user,
                    const github::LoginDecision& decision) {
    record(ctx, decision.outcome, "user", user.login);
    // Like the tutorial: a refused login leaves nothing of the session behind.
    ctx.session.destroy();
    ctx.flashes.add(Flash{"error", decision.message, decision.link_url, decision.link_text});
    return http::redirect_response("/");
}

// A login that goes back to a protected location of the site (a static file, an app behind
// the gate) says nothing: that page shows no flash, so "You were successfully logged in" would
// surface later, out of place, on the next orggate page or on a refusal.
bool lands_on_an_orggate_page(const std::string& next) {
    return !match_route("GET", next.substr(0, next.find('?'))).allowed.empty();
}

// An end (webhook, re-check, `orggate sessions end`) after membership was asked may have looked
// for this user's sessions before this one was written. The session is written first and the
// end's mark read after, so an end either sees the session or is seen here.
bool ended_since(RequestContext& ctx, const UserProfile& user,
                 const std::optional<std::string>& mark_before) {
    return ctx.app.store.sessions_end_mark(user.id) != mark_before;
}

http::Response admit(RequestContext& ctx, const UserProfile& user, const std::string& token,
                     const PendingLogin& login, const std::string& message,
                     const github::UserTeams& teams,
                     const std::optional<std::string>& end_mark_before) {
    std::map<std::string, std::string> values{
        {kCsrfTokenKey, ctx.app.tokens.token(kCsrfTokenBytes)}};
    put_sealed_token(values, ctx.app.token_box, token);
    if (teams.truncated) {
        LogLine line("teams_truncated");
        line.add("user", user.login);
        line.add("kept", static_cast<std::int64_t>(teams.slugs.size()));
        ctx.log(std::move(line));
    }
    ctx.session.start(user, std::move(values), teams.slugs);
    if (ended_since(ctx, user, end_mark_before)) {
        record(ctx, "ended_meanwhile", "user", user.login);
        ctx.session.destroy();
        return refuse(ctx,
                      "Your access was ended while this login was under way. Please log in "
                      "again.");
    }
    if (lands_on_an_orggate_page(login.next)) ctx.flash("message", message);
    record(ctx, "ok", "user", user.login);
    return http::redirect_response(login.next);
}

http::Response finish(RequestContext& ctx, const std::string& code, const PendingLogin& login) {
    const Config& config = ctx.app.config;
    // One deadline for all the calls together: a slow GitHub costs one timeout, not four.
    const github::GitHubClient github = ctx.app.github.with_deadline(
        std::chrono::steady_clock::now() + std::chrono::seconds(config.github_timeout));
    const auto token =
        github.exchange_code(code, login.verifier, github::callback_url(config.public_url));
    if (!token.value) return fail(ctx, token.failure);
    const auto user = github.fetch_user(*token.value);
    if (!user.value) return fail(ctx, user.failure);
    // Read before membership is asked: an end that comes later changes it (see admit).
    const std::optional<std::string> end_mark = ctx.app.store.sessions_end_mark(user.value->id);
    const auto membership = github.fetch_membership(*token.value, config.github_org);
    if (!membership.value) return fail(ctx, membership.failure);

    const github::LoginDecision decision =
        github::decide_login(*user.value, *membership.value,
                             {config.github_org, config.github_url, config.github_client_id});
    if (!decision.allowed) return deny(ctx, *user.value, decision);
    // Only a member's teams matter; a failure here fails the login like a membership failure.
    const auto teams = github.fetch_teams(*token.value, config.github_org);
    if (!teams.value) return fail(ctx, teams.failure);
    return admit(ctx, *user.value, *token.value, login, decision.message, *teams.value, end_mark);
}

http::Response answer(RequestContext& ctx, const http::Params& params,
                      const std::optional<PendingLogin>& login) {
    if (!login) {
        record(ctx, "bad_state");
        return refuse(ctx,
                      "This login could not be verified: it expired, was already used, or was "
                      "not started from this browser. Please log in again.");
    }
    if (const auto error = http::find_param(params, "error")) {
        record(ctx, "denied", "reason", *error);
        return refuse(ctx, "Access denied: reason=" + *error + " error=" +
                               http::find_param(params, "error_description").value_or(""));
    }
    const std::string code = http::find_param(params, "code").value_or("");
    if (code.empty() || code.size() > 256) {
        record(ctx, "error", "msg", "no usable code in the callback");
        return refuse(ctx, "GitHub sent no usable login code. Please log in again.");
    }
    return finish(ctx, code, *login);
}

}  // namespace

http::Response handle_callback(RequestContext& ctx) {
    const http::Params params = http::parse_params(ctx.request.query);
    const std::string state = http::find_param(params, "state").value_or("");
    // The state is checked before anything else: a forged callback costs no call to GitHub.
    const std::int64_t now = ctx.app.clock.now();
    std::optional<PendingLogin> login =
        find_pending_login(ctx.app.login_box, ctx.request.cookie_header, state, now);
    // A replayed copy of the cookie still holds a state once used: a state works once.
    if (login && !ctx.app.spent_states.spend(login->state, now)) login.reset();

    http::Response response = answer(ctx, params, login);
    if (is_valid_state(state) &&
        http::find_cookie(ctx.request.cookie_header, login_cookie_name(state))) {
        response.set_header("Set-Cookie", spent_login_cookie(state, ctx.request.https));
    }
    return response;
}

}  // namespace orggate::web
