// One user's background re-check: their record and sessions from the store, GitHub asked with
// the newest session's token, the pure decision (recheck_decision.hpp) applied to the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
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

// Thrown by recheck_user when GitHub was asked but the store failed to keep what it answered
// (a full disk): the record that says when to ask again is not saved, so the caller must
// remember not_before() itself, or the user would be asked again at every tick.
class UnsavedRecheck : public std::runtime_error {
public:
    UnsavedRecheck(const std::string& what, std::int64_t not_before)
        : std::runtime_error(what), not_before_(not_before) {}

    // Unix time before which the user is not to be asked again.
    std::int64_t not_before() const { return not_before_; }

private:
    std::int64_t not_before_;
};

// Re-checks `user` if when_to_recheck says it is due at `now`, or at once when `now_please`
// (a webhook said the user's teams changed) unless a rate limit forbids it. GitHub's team list
// is compared with every team any live session of the user holds; if they differ, each session
// gets GitHub's list (so none keeps a team left).
// Throws StorageError when the store fails before GitHub is asked, UnsavedRecheck when it
// fails after; GitHub's trouble is an answer, never an exception.
UserCheck recheck_user(const RecheckServices& services, const IndexedUser& user, std::int64_t now,
                       bool now_please = false);

}  // namespace orggate::recheck
