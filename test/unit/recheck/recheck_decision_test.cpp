// When a logged-in user's membership is checked again, and what each answer does to their
// sessions: the interval, rate limits, the outage grace, and the end with its reason.
#include "recheck/recheck_decision.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace orggate::recheck;

namespace {

constexpr std::int64_t kLogin = 1'700'000'000;
const RecheckSettings kSettings{300, 3600};

// Just logged in: the login was the last success.
RecheckState logged_in() {
    return RecheckState{kLogin, 0, 0};
}

RecheckAnswer said(RecheckOutcome outcome, std::int64_t retry_at = 0) {
    RecheckAnswer answer;
    answer.outcome = outcome;
    answer.retry_at = retry_at;
    return answer;
}

std::string action(const RecheckDecision& decision) {
    return recheck_action_name(decision.action);
}

std::string reason(const RecheckDecision& decision) {
    return end_reason_name(decision.reason);
}

RecheckDecision at(std::int64_t now, const RecheckState& state = logged_in()) {
    return when_to_recheck(now, state, kSettings);
}

RecheckDecision after(std::int64_t now, RecheckAnswer answer,
                      const RecheckState& state = logged_in(), const TeamsCheck& teams = {}) {
    return decide_after_recheck(now, state, kSettings, answer, teams);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(recheck_decision)

BOOST_AUTO_TEST_CASE(before_the_interval_it_waits_until_the_interval_is_up) {
    const RecheckDecision decision = at(kLogin + 299);
    BOOST_TEST(action(decision) == "wait");
    BOOST_TEST(decision.next_check == kLogin + 300);
    BOOST_TEST(action(at(kLogin)) == "wait");
}

BOOST_AUTO_TEST_CASE(once_the_interval_is_up_it_checks_now) {
    BOOST_TEST(action(at(kLogin + 300)) == "check_now");
    BOOST_TEST(action(at(kLogin + 1000)) == "check_now");
}

BOOST_AUTO_TEST_CASE(the_interval_runs_from_the_last_attempt_even_a_failed_one) {
    const RecheckState failed_once{kLogin, kLogin + 300, 0};
    const RecheckDecision decision = at(kLogin + 500, failed_once);
    BOOST_TEST(action(decision) == "wait");
    BOOST_TEST(decision.next_check == kLogin + 600);
    BOOST_TEST(action(at(kLogin + 600, failed_once)) == "check_now");
}

BOOST_AUTO_TEST_CASE(a_rate_limit_postpones_the_check_until_it_ends) {
    const RecheckState limited{kLogin, kLogin + 300, kLogin + 1200};
    const RecheckDecision decision = at(kLogin + 600, limited);
    BOOST_TEST(action(decision) == "wait");
    BOOST_TEST(decision.next_check == kLogin + 1200);
    BOOST_TEST(action(at(kLogin + 1199, limited)) == "wait");
    BOOST_TEST(action(at(kLogin + 1200, limited)) == "check_now");
}

BOOST_AUTO_TEST_CASE(a_rate_limit_past_the_grace_ends_access_when_the_grace_does) {
    const RecheckState limited{kLogin, kLogin + 300, kLogin + 9000};
    const RecheckDecision decision = at(kLogin + 600, limited);
    BOOST_TEST(action(decision) == "wait");
    BOOST_TEST(decision.next_check == kLogin + 3600);
    const RecheckDecision end = at(kLogin + 3600, limited);
    BOOST_TEST(action(end) == "end");
    BOOST_TEST(reason(end) == "github_unreachable");
}

BOOST_AUTO_TEST_CASE(when_the_grace_is_up_one_more_check_is_made_at_once) {
    // Interval 700 does not divide the grace 3600: the attempt due at 4200 is brought forward.
    const RecheckSettings settings{700, 3600};
    const RecheckState failing{kLogin, kLogin + 3500, 0};
    BOOST_TEST(when_to_recheck(kLogin + 3599, failing, settings).next_check == kLogin + 3600);
    BOOST_TEST(action(when_to_recheck(kLogin + 3600, failing, settings)) == "check_now");
}

BOOST_AUTO_TEST_CASE(a_clock_that_went_back_makes_a_check_due) {
    const RecheckState from_the_future{kLogin, kLogin + 5000, 0};
    BOOST_TEST(action(at(kLogin + 100, from_the_future)) == "check_now");
}

BOOST_AUTO_TEST_CASE(still_a_member_keeps_the_sessions_and_restarts_the_clocks) {
    for (const RecheckOutcome outcome : {RecheckOutcome::kActive, RecheckOutcome::kNotModified}) {
        const RecheckDecision decision = after(kLogin + 300, said(outcome));
        BOOST_TEST(action(decision) == "keep", recheck_outcome_name(outcome));
        BOOST_TEST(decision.state.last_success == kLogin + 300);
        BOOST_TEST(decision.state.last_attempt == kLogin + 300);
        BOOST_TEST(decision.state.not_before == 0);
        BOOST_TEST(decision.next_check == kLogin + 600);
    }
}

BOOST_AUTO_TEST_CASE(a_used_up_quota_delays_the_next_check_after_a_success) {
    const RecheckDecision decision =
        after(kLogin + 300, said(RecheckOutcome::kActive, kLogin + 1500));
    BOOST_TEST(action(decision) == "keep");
    BOOST_TEST(decision.state.not_before == kLogin + 1500);
    BOOST_TEST(decision.next_check == kLogin + 1500);
}

BOOST_AUTO_TEST_CASE(new_teams_update_the_sessions_instead_of_ending_them) {
    const TeamsCheck left_one{{"core", "docs"}, std::vector<std::string>{"docs"}};
    const RecheckDecision decision =
        after(kLogin + 300, said(RecheckOutcome::kActive), logged_in(), left_one);
    BOOST_TEST(action(decision) == "update_teams");
    BOOST_TEST(decision.teams == std::vector<std::string>{"docs"});
    BOOST_TEST(decision.state.last_success == kLogin + 300);

    const TeamsCheck left_all{{"core"}, std::vector<std::string>{}};
    const RecheckDecision none =
        after(kLogin + 300, said(RecheckOutcome::kNotModified), logged_in(), left_all);
    BOOST_TEST(action(none) == "update_teams");
    BOOST_TEST(none.teams.empty());

    const TeamsCheck joined{{"core"}, std::vector<std::string>{"ops", "core", "ops"}};
    BOOST_TEST(after(kLogin + 300, said(RecheckOutcome::kActive), logged_in(), joined).teams ==
               (std::vector<std::string>{"core", "ops"}));
}

BOOST_AUTO_TEST_CASE(the_same_teams_in_another_order_or_teams_not_fetched_keep) {
    const TeamsCheck reordered{{"core", "docs"}, std::vector<std::string>{"docs", "core"}};
    BOOST_TEST(action(after(kLogin + 300, said(RecheckOutcome::kActive), logged_in(), reordered)) ==
               "keep");
    const TeamsCheck not_fetched{{"core"}, std::nullopt};
    BOOST_TEST(action(after(kLogin + 300, said(RecheckOutcome::kActive), logged_in(),
                            not_fetched)) == "keep");
}

BOOST_AUTO_TEST_CASE(each_refusal_ends_every_session_with_its_reason) {
    const std::vector<std::pair<RecheckOutcome, std::string>> refusals{
        {RecheckOutcome::kNotMember, "not_member"},
        {RecheckOutcome::kPending, "pending"},
        {RecheckOutcome::kTokenRevoked, "token_revoked"},
        {RecheckOutcome::kSamlEnforced, "saml"},
        {RecheckOutcome::kAppRestricted, "app_restricted"}};
    for (const auto& [outcome, expected] : refusals) {
        const RecheckDecision decision = after(kLogin + 300, said(outcome));
        BOOST_TEST(action(decision) == "end", expected);
        BOOST_TEST(reason(decision) == expected);
        BOOST_TEST(decision.state.last_success == kLogin, expected);
    }
}

BOOST_AUTO_TEST_CASE(an_outage_within_the_grace_keeps_access_and_tries_again_at_the_interval) {
    const RecheckDecision decision = after(kLogin + 300, said(RecheckOutcome::kUnavailable));
    BOOST_TEST(action(decision) == "keep");
    BOOST_TEST(decision.state.last_success == kLogin);  // not confirmed: the grace keeps running
    BOOST_TEST(decision.state.last_attempt == kLogin + 300);
    BOOST_TEST(decision.next_check == kLogin + 600);
    // The next try never lands after the grace's end.
    BOOST_TEST(after(kLogin + 3500, said(RecheckOutcome::kUnavailable)).next_check ==
               kLogin + 3600);
}

BOOST_AUTO_TEST_CASE(an_outage_beyond_the_grace_ends_access) {
    const RecheckDecision decision = after(kLogin + 3600, said(RecheckOutcome::kUnavailable));
    BOOST_TEST(action(decision) == "end");
    BOOST_TEST(reason(decision) == "github_unreachable");
    BOOST_TEST(action(after(kLogin + 3599, said(RecheckOutcome::kUnavailable))) == "keep");
}

BOOST_AUTO_TEST_CASE(a_rate_limit_within_the_grace_keeps_access_and_waits_for_its_end) {
    const RecheckDecision decision =
        after(kLogin + 300, said(RecheckOutcome::kRateLimited, kLogin + 2000));
    BOOST_TEST(action(decision) == "keep");
    BOOST_TEST(decision.state.not_before == kLogin + 2000);
    BOOST_TEST(decision.state.last_success == kLogin);
    BOOST_TEST(decision.next_check == kLogin + 2000);
    // A limit shorter than the interval still waits the interval: no burst of retries.
    BOOST_TEST(after(kLogin + 300, said(RecheckOutcome::kRateLimited, kLogin + 310)).next_check ==
               kLogin + 600);
}

BOOST_AUTO_TEST_CASE(a_rate_limit_beyond_the_grace_ends_access) {
    const RecheckDecision decision =
        after(kLogin + 3600, said(RecheckOutcome::kRateLimited, kLogin + 4000));
    BOOST_TEST(action(decision) == "end");
    BOOST_TEST(reason(decision) == "github_unreachable");
}

BOOST_AUTO_TEST_CASE(a_success_in_the_future_cannot_stretch_the_grace) {
    const RecheckState skewed{kLogin + 100'000, kLogin + 100'000, 0};
    const RecheckDecision decision =
        after(kLogin + 300, said(RecheckOutcome::kUnavailable), skewed);
    BOOST_TEST(decision.state.last_success == kLogin + 300);
    BOOST_TEST(decision.next_check == kLogin + 600);
}

BOOST_AUTO_TEST_CASE(a_long_outage_checks_once_per_interval_and_ends_when_the_grace_does) {
    RecheckState state = logged_in();
    std::int64_t now = kLogin;
    int checks = 0;
    for (; now <= kLogin + 2 * 3600; ++now) {
        RecheckDecision decision = when_to_recheck(now, state, kSettings);
        if (decision.action == RecheckAction::kCheckNow) {
            ++checks;
            decision =
                decide_after_recheck(now, state, kSettings, said(RecheckOutcome::kUnavailable), {});
            state = decision.state;
        }
        if (decision.action == RecheckAction::kEnd) break;
    }
    BOOST_TEST(now == kLogin + 3600);
    BOOST_TEST(checks == 12);  // at 300, 600, ..., 3600
}

BOOST_AUTO_TEST_CASE(a_removed_member_is_out_within_one_interval) {
    RecheckState state = logged_in();
    const std::int64_t removed_at = kLogin + 1000;
    std::int64_t now = kLogin;
    for (; now <= kLogin + 3600; ++now) {
        const RecheckDecision timing = when_to_recheck(now, state, kSettings);
        if (timing.action != RecheckAction::kCheckNow) continue;
        const RecheckOutcome answer =
            now < removed_at ? RecheckOutcome::kActive : RecheckOutcome::kNotMember;
        const RecheckDecision decision =
            decide_after_recheck(now, state, kSettings, said(answer), {});
        if (decision.action == RecheckAction::kEnd) break;
        state = decision.state;
    }
    BOOST_TEST(now == kLogin + 1200);
    BOOST_TEST(now - removed_at <= kSettings.interval);
}

BOOST_AUTO_TEST_CASE(each_action_has_a_name_for_the_log) {
    BOOST_TEST(recheck_action_name(RecheckAction::kWait) == std::string("wait"));
    BOOST_TEST(recheck_action_name(RecheckAction::kCheckNow) == std::string("check_now"));
    BOOST_TEST(recheck_action_name(RecheckAction::kKeep) == std::string("keep"));
    BOOST_TEST(recheck_action_name(RecheckAction::kUpdateTeams) == std::string("update_teams"));
    BOOST_TEST(recheck_action_name(RecheckAction::kEnd) == std::string("end"));
}

BOOST_AUTO_TEST_SUITE_END()
