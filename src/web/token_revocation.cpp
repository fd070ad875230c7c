// The token is useless once logged out; revoking it means a stolen copy is too.
#include "web/token_revocation.hpp"

#include <utility>

#include "web/session_keys.hpp"

namespace orggate::web {

std::optional<std::string> github_token(const Session& session, const crypto::SealedBox& box) {
    const auto sealed = session.values.find(kGitHubTokenKey);
    if (sealed == session.values.end()) return std::nullopt;
    return box.open(sealed->second);
}

// One task for all of them: a user with many sessions takes one place in the lane, not many.
void revoke_later(const RequestContext& ctx, std::vector<std::string> tokens) {
    if (tokens.empty()) return;
    const github::GitHubClient& github = ctx.app.github;
    // The task outlives this request: it keeps copies, and references only to what main owns.
    const auto log = [write = ctx.app.log, id = ctx.request.request_id](LogLine line) {
        if (!id.empty()) line.add("req", id);
        write(line.text());
    };
    const bool queued = ctx.app.github_lane.try_run([&github, log, tokens = std::move(tokens)] {
        for (const std::string& token : tokens) {
            std::string why;
            if (!github.revoke_token(token, why)) log(LogLine("error").add("msg", why));
        }
    });
    if (!queued) log(LogLine("error").add("msg", "token revocation skipped: GitHub lane full"));
}

}  // namespace orggate::web
