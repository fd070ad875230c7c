// Log out everywhere: the user's own way to end a session left open on another computer.
#include "web/logout_everywhere.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "web/csrf_check.hpp"
#include "web/token_revocation.hpp"

namespace orggate::web {
namespace {

// This session's token and those of the user's other sessions, each once.
std::vector<std::string> tokens_of_user(const RequestContext& ctx, std::int64_t user_id) {
    std::vector<std::string> tokens;
    const auto add = [&](const Session& session) {
        if (auto token = github_token(session, ctx.app.token_box)) tokens.push_back(*token);
    };
    add(ctx.session.current());
    for (const StoredSession& stored : ctx.app.store.sessions_of(user_id))
        add(stored.session);
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    return tokens;
}

std::string ended_sentence(std::size_t others) {
    if (others == 0) return "You were logged out everywhere (this was your only session).";
    return "You were logged out everywhere: " + std::to_string(others) + " other session" +
           (others == 1 ? "" : "s") + " ended too.";
}

}  // namespace

http::Response handle_logout_everywhere(RequestContext& ctx) {
    const UserProfile* user = ctx.session.user();
    if (user == nullptr) return http::redirect_response("/", 303);
    if (!has_valid_csrf_token(ctx)) {
        ctx.flash("error", "Your logout could not be confirmed. Please try again.");
        return http::redirect_response("/logout", 303);
    }
    const std::int64_t user_id = user->id;
    const std::string login = user->login;
    std::vector<std::string> tokens = tokens_of_user(ctx, user_id);
    ctx.session.destroy();
    const std::size_t others = ctx.app.store.end_sessions_of(user_id, kLoggedOutEverywhereMessage);
    ctx.log(LogLine("session_ended")
                .add("reason", "logout_everywhere")
                .add("user", login)
                .add("sessions", static_cast<std::int64_t>(others + 1)));
    ctx.app.metrics.record_sessions_ended("logout_everywhere", others + 1);
    ctx.flash("message", ended_sentence(others));
    revoke_later(ctx, std::move(tokens));
    return http::redirect_response("/", 303);
}

}  // namespace orggate::web
