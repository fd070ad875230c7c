// One user's background re-check: their record and sessions from the store, GitHub asked with
// the newest session's token, the pure decision (recheck_decision.hpp) applied to the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "github/github_client.hpp"
#include "metrics/metrics.hpp"
#include "recheck/recheck_decision.hpp"
#include "session/session_store.hpp"

namespace orggate::recheck {

// The GitHub token of a session in the clear, or nullopt when it holds none that opens.
using TokenOpener = std::function<std::optional<std::string>(const Session&)>;

// What a re-check needs, made once in main and shared by reference.
struct RecheckServices {
    SessionStore& store;
    const github::GitHubClient& github;
    TokenOpener open_token;
    Metrics& metrics;
    std::function<void(const std::string&)> log;
    std::string org;  // GITHUB_ORG
    RecheckSettings settings;
    std::chrono::seconds github_timeout;  // ORGGATE_GITHUB_TIMEOUT: all of one check's calls
};

enum class UserCheck {
    kNotDue,   // nothing to do yet (or no session left)
    kAsked,    // GitHub was asked: the caller paces its next call
    kEnded,    // ended without asking (the grace ran out under a rate limit)
    kNoToken,  // no session holds a token that opens: nothing to ask with
};

// Re-checks `user` if when_to_recheck says it is due at `now`, or at once when `now_please`
// (a webhook said the user's teams changed) unless a rate limit forbids it. Throws
// StorageError when the store fails; GitHub's trouble is an answer, never an exception.
UserCheck recheck_user(const RecheckServices& services, const IndexedUser& user, std::int64_t now,
                       bool now_please = false);

}  // namespace orggate::recheck
