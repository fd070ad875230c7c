// Classifying a re-check's answer: network and rate limits first, then what the login reads too.
#include "recheck/recheck_answer.hpp"

#include <algorithm>
#include <optional>

#include "github/github_json.hpp"
#include "github/membership_answer.hpp"
#include "recheck/rate_limit_wait.hpp"

namespace orggate::recheck {
namespace {

std::string status_detail(const github::HttpAnswer& answer) {
    std::string detail = "HTTP " + std::to_string(answer.status);
    const std::string message = github::parse_error_message(answer.body);
    if (!message.empty()) detail += " " + message;
    return detail;
}

RecheckOutcome outcome_of(github::MembershipState state) {
    switch (state) {
        case github::MembershipState::kActive:
            return RecheckOutcome::kActive;
        case github::MembershipState::kPending:
            return RecheckOutcome::kPending;
        case github::MembershipState::kAppRestricted:
            return RecheckOutcome::kAppRestricted;
        case github::MembershipState::kSamlRequired:
            return RecheckOutcome::kSamlEnforced;
        case github::MembershipState::kNotMember:
            break;
    }
    return RecheckOutcome::kNotMember;
}

// Everything but the network and rate limits, which the caller has ruled out.
RecheckOutcome outcome_of(const github::HttpAnswer& answer) {
    if (answer.status == 304) return RecheckOutcome::kNotModified;
    // Any 401 means the token no longer authenticates, whatever the message says.
    if (answer.status == 401) return RecheckOutcome::kTokenRevoked;
    if (answer.status >= 500) return RecheckOutcome::kUnavailable;
    const std::optional<github::Membership> membership = github::membership_of_answer(answer);
    // An answer no one can read (another 403, a 200 without a state) proves nothing either
    // way: like an outage, it keeps access only within the grace.
    return membership ? outcome_of(membership->state) : RecheckOutcome::kUnavailable;
}

}  // namespace

RecheckAnswer classify_recheck_answer(const github::HttpAnswer& answer, std::int64_t now) {
    RecheckAnswer result;
    if (answer.transport != github::Transport::kOk) {
        result.detail = "network: " + answer.transport_detail;
        return result;
    }
    result.detail = status_detail(answer);
    // Rate limits before the 403 reasons: a limited call proves nothing about membership.
    if (const auto until = rate_limited_until(answer, now)) {
        result.outcome = RecheckOutcome::kRateLimited;
        result.retry_at = *until;
        return result;
    }
    result.outcome = outcome_of(answer);
    result.retry_at = quota_resets_at(answer, now).value_or(0);
    if (result.outcome == RecheckOutcome::kActive) result.etag = answer.header("etag");
    return result;
}

RecheckAnswer with_teams_answer(RecheckAnswer membership, const github::TeamsResult& teams,
                                std::int64_t now) {
    const std::optional<std::int64_t> quota = quota_resets_at(teams.last_answer, now);
    if (teams.value) {
        membership.retry_at = std::max(membership.retry_at, quota.value_or(0));
        return membership;
    }
    const std::optional<std::int64_t> limited = rate_limited_until(teams.last_answer, now);
    RecheckAnswer failed;
    failed.outcome = limited ? RecheckOutcome::kRateLimited : RecheckOutcome::kUnavailable;
    failed.retry_at = std::max({membership.retry_at, limited.value_or(0), quota.value_or(0)});
    failed.detail = teams.failure.log_message;
    return failed;
}

const char* recheck_outcome_name(RecheckOutcome outcome) {
    switch (outcome) {
        case RecheckOutcome::kActive:
            return "active";
        case RecheckOutcome::kNotModified:
            return "not_modified";
        case RecheckOutcome::kPending:
            return "pending";
        case RecheckOutcome::kNotMember:
            return "not_member";
        case RecheckOutcome::kTokenRevoked:
            return "token_revoked";
        case RecheckOutcome::kSamlEnforced:
            return "saml";
        case RecheckOutcome::kAppRestricted:
            return "app_restricted";
        case RecheckOutcome::kRateLimited:
            return "rate_limited";
        case RecheckOutcome::kUnavailable:
            break;
    }
    return "unavailable";
}

}  // namespace orggate::recheck
