// Logins in progress, kept in the browser's session and keyed by their OAuth state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "session/session.hpp"

namespace orggate::web {

struct PendingLogin {
    std::string verifier;      // PKCE code_verifier
    std::string next;          // where to go after login (already checked)
    std::string redirect_uri;  // sent again with the code, exactly as at authorize
    std::int64_t started_at = 0;
    std::uint64_t sequence = 0;  // order of starting within the session; set when added
};

constexpr std::int64_t kPendingLoginLifetime = 600;  // GitHub's codes live 10 minutes too
constexpr std::size_t kMaxPendingLogins = 5;

// Records a login started at `now`; drops expired ones and the oldest beyond the limit, so
// many tabs (or a script) cannot grow the session without bound.
void add_pending_login(Session& session, const std::string& state, const PendingLogin& login,
                       std::int64_t now);

// Removes the login of `state` and returns it if it is still fresh: a state works once.
std::optional<PendingLogin> take_pending_login(Session& session, const std::string& state,
                                               std::int64_t now);

}  // namespace orggate::web
