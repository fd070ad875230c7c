// The server-side session: what one browser carries between requests.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "session/user_profile.hpp"

namespace orggate {

// A one-time message shown on the next page; category is "message" (info) or "error" (warning).
// An optional link offers the next step (e.g. "Log in with another GitHub account").
struct Flash {
    std::string category;
    std::string text;
    std::string link_url = {};
    std::string link_text = {};
    bool operator==(const Flash& other) const {
        return category == other.category && text == other.text && link_url == other.link_url &&
               link_text == other.link_text;
    }
};

struct Session {
    std::int64_t created_at = 0;    // Unix seconds, for the absolute lifetime
    std::int64_t last_seen_at = 0;  // Unix seconds, for the idle timeout
    std::vector<Flash> flashes;
    // Small named strings for the login flow (CSRF token, sealed GitHub token, pending state, ...).
    std::map<std::string, std::string> values;
    std::optional<UserProfile> user;  // set while logged in

    // Nothing worth a file: no session is stored for a visitor with nothing to keep.
    bool empty() const { return flashes.empty() && values.empty() && !user; }
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
