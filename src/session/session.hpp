// The server-side session: what a logged-in browser keeps between requests.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "session/user_profile.hpp"

namespace orggate {

struct Session {
    std::int64_t created_at = 0;    // Unix seconds, for the absolute lifetime
    std::int64_t last_seen_at = 0;  // Unix seconds, for the idle timeout
    // Small named strings: the CSRF token, the sealed GitHub token.
    std::map<std::string, std::string> values;
    std::optional<UserProfile> user;  // set while logged in
    // Slugs of the GITHUB_ORG teams the user was in at login, sorted; for team rules. The "= {}"
    // lets Session{created, seen, values, user} leave it out without a warning.
    std::vector<std::string> teams = {};
    // Set on a session that was ended from outside (re-check, webhook, `orggate sessions end`,
    // "log out everywhere"): why, in a sentence for the visitor. Such a record has no user; the
    // next request shows the sentence once and forgets the record.
    std::string ended = {};

    // Nothing worth a file: such a session is removed rather than stored.
    bool empty() const { return values.empty() && !user && ended.empty(); }
};

// An active session rewrites its file at most this often just to stay alive (seconds); an idle
// timeout shorter than this would end sessions that are in use.
constexpr std::int64_t kKeepAliveRefreshInterval = 60;

// How long sessions live, in seconds.
struct SessionLimits {
    std::int64_t idle_timeout = 24 * 3600;
    std::int64_t lifetime = 7 * 24 * 3600;
};

// True if `session` may still be used at `now`.
bool is_live(const Session& session, const SessionLimits& limits, std::int64_t now);

}  // namespace orggate
