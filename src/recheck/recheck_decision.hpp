// When to re-check a logged-in user's membership with GitHub, and what its answer decides: keep
// the user's sessions, give them a new team list, or end them all with a reason.
//
// Two steps, both pure, over one user's RecheckState (kept once per user, not per session):
//   1. when_to_recheck(now, state, settings): kWait until `next_check`, kCheckNow, or kEnd
//      (GitHub unreachable or rate limiting for longer than the grace).
//   2. After a check, with the classified answer (recheck_answer.hpp):
//      decide_after_recheck(now, state, settings, answer, teams): kKeep, kUpdateTeams or kEnd,
//      with the state to store and when to look again.
// The caller runs at most one check per user at a time, and stores `state` after every check.
//
// Teams: leaving a team is "update teams", not "end". Gate rules are per location, so a member
// who left a team may still pass the rules of every other location; the gate checks the
// session's team list on every request, so with the new list the team's locations answer 403 at
// once, and only leaving the org (or losing the token) ends the sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recheck/end_reason.hpp"
#include "recheck/recheck_answer.hpp"

namespace orggate::recheck {

struct RecheckSettings {
    std::int64_t interval = 300;  // ORGGATE_RECHECK_INTERVAL, seconds, > 0
    std::int64_t grace = 3600;    // ORGGATE_RECHECK_GRACE, seconds, >= 0
};

// All times are Unix seconds (Clock::now()).
struct RecheckState {
    std::int64_t last_success = 0;  // GitHub last said "active member"; a login counts as one
    std::int64_t last_attempt = 0;  // the last re-check's answer, whatever it was; 0 for none
    std::int64_t not_before = 0;    // GitHub's rate limit: no call before this; 0 for none
};

// The teams half of a check, for deployments whose gate rules name teams.
struct TeamsCheck {
    // Every team slug any of the user's live sessions holds now (their union): GitHub's list is
    // compared with all of them, so that no session keeps a team left.
    std::vector<std::string> stored;
    // GET /user/teams after an active (or 304) answer; nullopt when not fetched (no rule needs
    // teams). A failed fetch is passed as the answer instead: kRateLimited or kUnavailable.
    std::optional<std::vector<std::string>> fetched;
};

enum class RecheckAction {
    kWait,         // nothing to do before next_check
    kCheckNow,     // ask GitHub now (then call decide_after_recheck)
    kKeep,         // the sessions stay as they are; store `state`
    kUpdateTeams,  // the sessions stay, with `teams` as their new team list; store `state`
    kEnd,          // end every session of the user; show access_ended_message(reason, org)
};

struct RecheckDecision {
    RecheckAction action = RecheckAction::kWait;
    std::int64_t next_check = 0;               // kWait, kKeep, kUpdateTeams: when to look again
    RecheckState state;                        // after a check: what to store for the user
    EndReason reason = EndReason::kNotMember;  // kEnd only
    std::vector<std::string> teams;            // kUpdateTeams only: sorted, unique
};

// Due when `interval` has passed since the last check (or the login) and no rate limit holds.
// Once `grace` has passed since the last success, one more check is made at once; if a rate
// limit forbids it, kEnd with kGitHubUnreachable. A last check in the future (the clock went
// back) makes one due now. Returns kWait, kCheckNow or kEnd.
RecheckDecision when_to_recheck(std::int64_t now, const RecheckState& state,
                                const RecheckSettings& settings);

// Active or 304: kKeep (kUpdateTeams when the fetched teams differ), last_success = now.
// Pending, not a member, token revoked, SAML, app restricted: kEnd with that reason.
// Rate limited or unavailable: kKeep within the grace (last_success unchanged, next check at
// the interval or the rate limit's end, never after the grace ends); kEnd with
// kGitHubUnreachable once the grace has passed.
RecheckDecision decide_after_recheck(std::int64_t now, const RecheckState& state,
                                     const RecheckSettings& settings, const RecheckAnswer& answer,
                                     const TeamsCheck& teams);

// "wait", "check_now", "keep", "update_teams", "end": for the log.
const char* recheck_action_name(RecheckAction action);

}  // namespace orggate::recheck
