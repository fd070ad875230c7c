// Revoking the GitHub tokens of sessions that end at a user's wish (logout, log out everywhere).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "session/session.hpp"
#include "web/request_context.hpp"

namespace orggate::web {

// The session's GitHub token, opened; nullopt when it has none or no key opens it.
std::optional<std::string> github_token(const Session& session, const crypto::SealedBox& box);

// Revokes the tokens at GitHub, best effort, in the GitHub lane: neither a slow GitHub nor an
// outage delays the logout or undoes it. Failures are logged, never the tokens.
void revoke_later(const RequestContext& ctx, std::vector<std::string> tokens);

}  // namespace orggate::web
