// The re-check's timing and verdict: interval, rate limits and grace over one user's state.
#include "recheck/recheck_decision.hpp"

#include <algorithm>

namespace orggate::recheck {
namespace {

RecheckDecision ended(EndReason reason, const RecheckState& state) {
    RecheckDecision decision;
    decision.action = RecheckAction::kEnd;
    decision.reason = reason;
    decision.state = state;
    return decision;
}

std::int64_t grace_end(const RecheckState& state, const RecheckSettings& settings) {
    return state.last_success + settings.grace;
}

// The interval after the last check, or the rate limit's end if later; never after the grace.
std::int64_t next_check_of(const RecheckState& state, const RecheckSettings& settings) {
    const std::int64_t last = std::max(state.last_attempt, state.last_success);
    const std::int64_t due = std::max(last + settings.interval, state.not_before);
    return std::min(due, grace_end(state, settings));
}

RecheckDecision kept(RecheckState state, const RecheckSettings& settings) {
    RecheckDecision decision;
    decision.action = RecheckAction::kKeep;
    decision.next_check = next_check_of(state, settings);
    decision.state = state;
    return decision;
}

std::vector<std::string> sorted_unique(std::vector<std::string> slugs) {
    std::sort(slugs.begin(), slugs.end());
    slugs.erase(std::unique(slugs.begin(), slugs.end()), slugs.end());
    return slugs;
}

RecheckDecision confirmed(RecheckState state, const RecheckSettings& settings,
                          const TeamsCheck& teams) {
    RecheckDecision decision = kept(state, settings);
    if (!teams.fetched) return decision;
    std::vector<std::string> fetched = sorted_unique(*teams.fetched);
    if (fetched == sorted_unique(teams.stored)) return decision;
    decision.action = RecheckAction::kUpdateTeams;
    decision.teams = std::move(fetched);
    return decision;
}

// No word from GitHub: access continues until the grace after the last success, then ends.
RecheckDecision unconfirmed(std::int64_t now, RecheckState state, const RecheckSettings& settings) {
    // A success "in the future" (the clock went back) must not stretch the grace.
    state.last_success = std::min(state.last_success, now);
    if (now >= grace_end(state, settings)) return ended(EndReason::kGitHubUnreachable, state);
    return kept(state, settings);
}

}  // namespace

RecheckDecision when_to_recheck(std::int64_t now, const RecheckState& state,
                                const RecheckSettings& settings) {
    RecheckDecision decision;
    decision.state = state;
    const bool rate_limited = state.not_before > now;
    if (now >= grace_end(state, settings)) {
        if (rate_limited) return ended(EndReason::kGitHubUnreachable, state);
        decision.action = RecheckAction::kCheckNow;
        return decision;
    }
    const std::int64_t next = next_check_of(state, settings);
    if (state.last_attempt > now || next <= now) {
        decision.action = RecheckAction::kCheckNow;
        return decision;
    }
    decision.next_check = next;
    return decision;
}

RecheckDecision decide_after_recheck(std::int64_t now, const RecheckState& state,
                                     const RecheckSettings& settings, const RecheckAnswer& answer,
                                     const TeamsCheck& teams) {
    RecheckState next = state;
    next.last_attempt = now;
    next.not_before = answer.retry_at > now ? answer.retry_at : 0;
    switch (answer.outcome) {
        case RecheckOutcome::kActive:
        case RecheckOutcome::kNotModified:
            next.last_success = now;
            return confirmed(next, settings, teams);
        case RecheckOutcome::kPending:
            return ended(EndReason::kPending, next);
        case RecheckOutcome::kNotMember:
            return ended(EndReason::kNotMember, next);
        case RecheckOutcome::kTokenRevoked:
            return ended(EndReason::kTokenRevoked, next);
        case RecheckOutcome::kSamlEnforced:
            return ended(EndReason::kSamlEnforced, next);
        case RecheckOutcome::kAppRestricted:
            return ended(EndReason::kAppRestricted, next);
        case RecheckOutcome::kRateLimited:
        case RecheckOutcome::kUnavailable:
            break;
    }
    return unconfirmed(now, next, settings);
}

const char* recheck_action_name(RecheckAction action) {
    switch (action) {
        case RecheckAction::kWait:
            return "wait";
        case RecheckAction::kCheckNow:
            return "check_now";
        case RecheckAction::kKeep:
            return "keep";
        case RecheckAction::kUpdateTeams:
            return "update_teams";
        case RecheckAction::kEnd:
            break;
    }
    return "end";
}

}  // namespace orggate::recheck
