// Fetch (store, GitHub), decide (recheck_decision), apply (store): one user's re-check.
#include "recheck/user_recheck.hpp"

#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

#include "log/log_line.hpp"
#include "recheck/end_reason.hpp"
#include "recheck/user_record.hpp"

namespace orggate::recheck {
namespace {

// The newest first: the session last used is the likeliest to hold a token GitHub still takes.
std::vector<StoredSession> newest_first(std::vector<StoredSession> sessions) {
    std::sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) {
        return a.session.last_seen_at > b.session.last_seen_at;
    });
    return sessions;
}

// The latest login counts as a success: a first check (no record yet, or a store from before
// issue 10) is due an interval after it, and a user who logs in again after an outage's grace
// ran out (their old record may outlive the sessions it ended) starts a new grace.
UserRecord with_latest_login(UserRecord record, const std::vector<StoredSession>& sessions) {
    for (const StoredSession& stored : sessions)
        record.state.last_success = std::max(record.state.last_success, stored.session.created_at);
    return record;
}

// Every team any live session holds, sorted and unique. GitHub's list is compared with all of
// them, not with the asking session's alone: an older session's team left must go too.
std::vector<std::string> teams_of_all(const std::vector<StoredSession>& sessions) {
    std::vector<std::string> teams;
    for (const StoredSession& stored : sessions)
        teams.insert(teams.end(), stored.session.teams.begin(), stored.session.teams.end());
    std::sort(teams.begin(), teams.end());
    teams.erase(std::unique(teams.begin(), teams.end()), teams.end());
    return teams;
}

std::optional<UserRecord> stored_record(SessionStore& store, std::int64_t user_id) {
    const std::optional<std::string> json = store.load_user_record(user_id);
    if (!json) return std::nullopt;
    return user_record_from_json(*json);
}

void end_sessions(const RecheckServices& services, const IndexedUser& user, EndReason reason) {
    const std::size_t ended =
        services.store.end_sessions_of(user.id, access_ended_message(reason, services.org));
    services.metrics.record_sessions_ended(end_reason_name(reason), ended);
    services.log(LogLine("session_ended")
                     .add("reason", end_reason_name(reason))
                     .add("user", user.login)
                     .add("sessions", static_cast<std::int64_t>(ended))
                     .add("by", "recheck")
                     .text());
}

struct Asked {
    RecheckAnswer answer;
    TeamsCheck teams;
};

// GitHub's answers for the membership and, when any session holds teams, the teams. Leaving a
// team matters to the gate; joining one waits for the next login, so a user in no team costs
// one call. A failed teams call makes the whole check unconfirmed: kRateLimited when GitHub
// rate limits it, else kUnavailable (with_teams_answer).
Asked ask_github(const RecheckServices& services, const std::string& token,
                 const UserRecord& record, std::vector<std::string> stored_teams,
                 std::int64_t now) {
    const github::GitHubClient github =
        services.github.with_deadline(std::chrono::steady_clock::now() + services.github_timeout);
    Asked asked;
    asked.answer =
        classify_recheck_answer(github.membership_answer(token, services.org, record.etag), now);
    asked.teams.stored = std::move(stored_teams);
    const RecheckOutcome outcome = asked.answer.outcome;
    const bool member =
        outcome == RecheckOutcome::kActive || outcome == RecheckOutcome::kNotModified;
    if (!member || asked.teams.stored.empty()) return asked;
    const github::TeamsResult teams = github.fetch_teams(token, services.org);
    asked.answer = with_teams_answer(std::move(asked.answer), teams, now);
    if (teams.value) asked.teams.fetched = teams.value->slugs;
    return asked;
}

// The check in /metrics and the log, with the outcome the decision was made on.
void report_check(const RecheckServices& services, const IndexedUser& user, const Asked& asked,
                  const RecheckDecision& decision) {
    services.metrics.record_recheck(recheck_outcome_name(asked.answer.outcome));
    LogLine line("recheck");
    line.add("user", user.login)
        .add("outcome", recheck_outcome_name(asked.answer.outcome))
        .add("action", recheck_action_name(decision.action));
    if (!asked.answer.detail.empty()) line.add("detail", asked.answer.detail);
    if (decision.action == RecheckAction::kEnd)
        line.add("reason", end_reason_name(decision.reason));
    services.log(line.text());
}

// When GitHub may be asked again if `decision` cannot be stored: as its record would have said,
// or, for an end that failed, an interval on (or the rate limit's end, if later).
std::int64_t next_attempt(const RecheckServices& services, const RecheckDecision& decision,
                          std::int64_t now) {
    if (decision.action != RecheckAction::kEnd) return decision.next_check;
    return std::max(now + services.settings.interval, decision.state.not_before);
}

void store_decision(const RecheckServices& services, const IndexedUser& user, UserRecord record,
                    const Asked& asked, const RecheckDecision& decision) {
    if (decision.action == RecheckAction::kEnd)
        return end_sessions(services, user, decision.reason);
    if (decision.action == RecheckAction::kUpdateTeams) {
        services.store.set_teams_of(user.id, decision.teams);
    }
    record.state = decision.state;
    // Only a 200 "active" carries an ETag worth keeping: a 304 to it then always means active.
    if (asked.answer.outcome == RecheckOutcome::kActive) record.etag = asked.answer.etag;
    services.store.save_user_record(user.id, user_record_to_json(record));
}

// GitHub has been asked: a store that fails now must not make the user due again at once.
void apply(const RecheckServices& services, const IndexedUser& user, const UserRecord& record,
           const Asked& asked, const RecheckDecision& decision, std::int64_t now) {
    report_check(services, user, asked, decision);
    try {
        store_decision(services, user, record, asked, decision);
    } catch (const std::exception& error) {
        throw UnsavedRecheck(error.what(), next_attempt(services, decision, now));
    }
}

RecheckDecision when_due(const RecheckServices& services, const UserRecord& record,
                         std::int64_t now, bool now_please) {
    RecheckDecision when = when_to_recheck(now, record.state, services.settings);
    const bool allowed = record.state.not_before <= now;
    if (now_please && when.action == RecheckAction::kWait && allowed) {
        when.action = RecheckAction::kCheckNow;
    }
    return when;
}

// Sessions whose tokens no key opens (a retired key: their next request ends them) leave
// nothing to ask with; looked at again after the interval, not at every pass.
UserCheck without_token(const RecheckServices& services, const IndexedUser& user, UserRecord record,
                        std::int64_t now) {
    services.log(LogLine("recheck")
                     .add("user", user.login)
                     .add("outcome", "no_token")
                     .add("action", "wait")
                     .text());
    record.state.last_attempt = now;
    services.store.save_user_record(user.id, user_record_to_json(record));
    return UserCheck::kNoToken;
}

}  // namespace

UserCheck recheck_user(const RecheckServices& services, const IndexedUser& user, std::int64_t now,
                       bool now_please) {
    const std::optional<UserRecord> stored = stored_record(services.store, user.id);
    // Most users are not due at most ticks: that costs one small read, not their sessions.
    if (stored && when_due(services, *stored, now, now_please).action == RecheckAction::kWait) {
        return UserCheck::kNotDue;
    }
    const std::vector<StoredSession> sessions = newest_first(services.store.sessions_of(user.id));
    if (sessions.empty()) return UserCheck::kNotDue;
    const UserRecord record = with_latest_login(stored.value_or(UserRecord{}), sessions);
    const RecheckDecision when = when_due(services, record, now, now_please);
    if (when.action == RecheckAction::kWait) return UserCheck::kNotDue;
    if (when.action == RecheckAction::kEnd) {
        end_sessions(services, user, when.reason);
        return UserCheck::kEnded;
    }
    for (const StoredSession& candidate : sessions) {
        const std::optional<std::string> token = services.open_token(candidate.session);
        if (!token) continue;
        const Asked asked = ask_github(services, *token, record, teams_of_all(sessions), now);
        const RecheckDecision decision =
            decide_after_recheck(now, record.state, services.settings, asked.answer, asked.teams);
        apply(services, user, record, asked, decision, now);
        return UserCheck::kAsked;
    }
    return without_token(services, user, record, now);
}

}  // namespace orggate::recheck
