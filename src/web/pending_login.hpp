// Logins in progress, carried by the browser that started them and keyed by their OAuth state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orggate::web {

struct PendingLogin {
    std::string state;     // OAuth state: 43 base64url characters, sent to GitHub and back
    std::string verifier;  // PKCE code_verifier
    std::string next;      // where to go after login (already checked)
    std::int64_t started_at = 0;
};

// The logins one browser has started, oldest first.
using PendingLogins = std::vector<PendingLogin>;

constexpr std::int64_t kPendingLoginLifetime = 600;  // GitHub's codes live 10 minutes too
constexpr std::size_t kMaxPendingLogins = 5;
// What the encoded list may grow to: sealed, it must stay well inside a browser's 4 KB cookie.
constexpr std::size_t kMaxPendingLoginsBytes = 2800;

// Records a login started at `now`; drops expired ones, and the oldest beyond the count or the
// size limit, so many tabs (or a script) cannot grow the cookie without bound.
void add_pending_login(PendingLogins& logins, PendingLogin login, std::int64_t now);

// Removes the login of `state` and returns it if it is still fresh.
std::optional<PendingLogin> take_pending_login(PendingLogins& logins, std::string_view state,
                                               std::int64_t now);

// One line per login, each encoded like a query string; decoding drops malformed lines.
std::string encode_pending_logins(const PendingLogins& logins);
PendingLogins decode_pending_logins(std::string_view text);

}  // namespace orggate::web
