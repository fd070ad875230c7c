// What each GitHub answer to a re-check of GET /user/memberships/orgs/{org} is taken to mean.
#include "recheck/recheck_answer.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate;
using namespace orggate::recheck;

namespace {

constexpr std::int64_t kNow = 1'700'000'000;

github::HttpAnswer answer(int status, const std::string& body = "", github::Headers headers = {}) {
    github::HttpAnswer reply;
    reply.status = status;
    reply.body = body;
    reply.headers = std::move(headers);
    return reply;
}

std::string outcome(const github::HttpAnswer& reply) {
    return recheck_outcome_name(classify_recheck_answer(reply, kNow).outcome);
}

const std::string kActive = R"({"state":"active","role":"member","organization":{"login":"acme"}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(recheck_answer)

BOOST_AUTO_TEST_CASE(an_active_member_is_active_and_its_etag_kept_for_next_time) {
    const RecheckAnswer result =
        classify_recheck_answer(answer(200, kActive, {{"etag", "W/\"abc\""}}), kNow);
    BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("active"));
    BOOST_TEST(result.etag == "W/\"abc\"");
    BOOST_TEST(result.retry_at == 0);
    BOOST_TEST(result.detail == "HTTP 200");
}

BOOST_AUTO_TEST_CASE(a_304_is_not_modified_and_carries_no_new_etag) {
    const RecheckAnswer result =
        classify_recheck_answer(answer(304, "", {{"etag", "\"x\""}}), kNow);
    BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("not_modified"));
    BOOST_TEST(result.etag.empty());
}

BOOST_AUTO_TEST_CASE(pending_and_other_states_and_404_are_not_membership) {
    BOOST_TEST(outcome(answer(200, R"({"state":"pending"})")) == "pending");
    BOOST_TEST(outcome(answer(200, R"({"state":"inactive"})")) == "not_member");
    BOOST_TEST(outcome(answer(404, R"({"message":"Not Found"})")) == "not_member");
    // An ETag is only kept from an active answer, so that a later 304 means "active".
    BOOST_TEST(
        classify_recheck_answer(answer(200, R"({"state":"pending"})", {{"etag", "\"p\""}}), kNow)
            .etag.empty());
}

BOOST_AUTO_TEST_CASE(a_401_is_a_revoked_token_and_says_so_in_the_log) {
    const RecheckAnswer result =
        classify_recheck_answer(answer(401, R"({"message":"Bad credentials"})"), kNow);
    BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("token_revoked"));
    BOOST_TEST(result.detail == "HTTP 401 Bad credentials");
    BOOST_TEST(outcome(answer(401)) == "token_revoked");
}

BOOST_AUTO_TEST_CASE(a_403_for_saml_or_app_restrictions_says_which) {
    BOOST_TEST(outcome(answer(403, R"({"message":"Resource protected by organization SAML )"
                                   R"(enforcement."})")) == "saml");
    BOOST_TEST(outcome(answer(403, "{}",
                              {{"x-github-sso",
                                "required; url=https://github.com/orgs/acme/sso"}})) == "saml");
    BOOST_TEST(outcome(answer(403, R"({"message":"Although you appear to have the correct )"
                                   R"(authorization credentials, the `acme` organization has )"
                                   R"(enabled OAuth App access restrictions"})")) ==
               "app_restricted");
}

BOOST_AUTO_TEST_CASE(a_primary_rate_limit_waits_for_its_reset) {
    const RecheckAnswer result = classify_recheck_answer(
        answer(403, R"({"message":"API rate limit exceeded for user ID 1."})",
               {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(kNow + 900)}}),
        kNow);
    BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("rate_limited"));
    BOOST_TEST(result.retry_at == kNow + 900);
    BOOST_TEST(classify_recheck_answer(answer(429, "",
                                              {{"x-ratelimit-remaining", "0"},
                                               {"x-ratelimit-reset", std::to_string(kNow + 60)}}),
                                       kNow)
                   .retry_at == kNow + 60);
}

BOOST_AUTO_TEST_CASE(retry_after_comes_first) {
    const RecheckAnswer result = classify_recheck_answer(
        answer(403, R"({"message":"You have exceeded a secondary rate limit."})",
               {{"retry-after", "30"},
                {"x-ratelimit-remaining", "0"},
                {"x-ratelimit-reset", std::to_string(kNow + 900)}}),
        kNow);
    BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("rate_limited"));
    BOOST_TEST(result.retry_at == kNow + 30);
    BOOST_TEST(classify_recheck_answer(answer(429, "", {{"retry-after", "120"}}), kNow).retry_at ==
               kNow + 120);
}

BOOST_AUTO_TEST_CASE(a_secondary_limit_without_a_time_waits_a_minute) {
    for (const github::HttpAnswer& reply :
         {answer(403, R"({"message":"You have exceeded a secondary rate limit."})"), answer(429),
          answer(429, "", {{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}),
          answer(429, "", {{"retry-after", "-5"}}),
          answer(403, "", {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "soon"}}),
          answer(403, "",
                 {{"x-ratelimit-remaining", "0"},
                  {"x-ratelimit-reset", std::to_string(kNow - 10)}})}) {
        const RecheckAnswer result = classify_recheck_answer(reply, kNow);
        BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("rate_limited"));
        BOOST_TEST(result.retry_at == kNow + 60);
    }
}

BOOST_AUTO_TEST_CASE(a_wait_is_at_least_a_second_and_at_most_a_day) {
    BOOST_TEST(classify_recheck_answer(answer(429, "", {{"retry-after", "0"}}), kNow).retry_at ==
               kNow + 1);
    BOOST_TEST(classify_recheck_answer(answer(429, "", {{"retry-after", "999999999999"}}), kNow)
                   .retry_at == kNow + 86400);
    BOOST_TEST(classify_recheck_answer(answer(403, "",
                                              {{"x-ratelimit-remaining", "0"},
                                               {"x-ratelimit-reset", "999999999999999999"}}),
                                       kNow)
                   .retry_at == kNow + 86400);
}

BOOST_AUTO_TEST_CASE(a_used_up_quota_on_a_success_delays_the_next_check) {
    const RecheckAnswer result = classify_recheck_answer(
        answer(200, kActive,
               {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(kNow + 600)}}),
        kNow);
    BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("active"));
    BOOST_TEST(result.retry_at == kNow + 600);
    BOOST_TEST(classify_recheck_answer(
                   answer(200, kActive,
                          {{"x-ratelimit-remaining", "12"}, {"x-ratelimit-reset", "1700000600"}}),
                   kNow)
                   .retry_at == 0);
}

BOOST_AUTO_TEST_CASE(the_network_5xx_and_unreadable_answers_are_unavailable) {
    github::HttpAnswer unreachable;
    unreachable.transport = github::Transport::kUnreachable;
    unreachable.transport_detail = "Couldn't connect to server";
    const RecheckAnswer result = classify_recheck_answer(unreachable, kNow);
    BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("unavailable"));
    BOOST_TEST(result.detail == "network: Couldn't connect to server");
    github::HttpAnswer timeout;
    timeout.transport = github::Transport::kTimeout;
    BOOST_TEST(outcome(timeout) == "unavailable");
    for (const int status : {500, 502, 503, 504}) {
        BOOST_TEST(outcome(answer(status, "<html>unicorn</html>")) == "unavailable", status);
    }
    BOOST_TEST(classify_recheck_answer(answer(503), kNow).detail == "HTTP 503");
    BOOST_TEST(outcome(answer(200, "not json")) == "unavailable");
    BOOST_TEST(outcome(answer(200, R"({"role":"member"})")) == "unavailable");
    BOOST_TEST(outcome(answer(403, R"({"message":"Forbidden"})")) == "unavailable");
    BOOST_TEST(outcome(answer(302)) == "unavailable");
    BOOST_TEST(outcome(answer(422)) == "unavailable");
}

// fetch_teams's result: a list read (`slugs`) or a failure, with the last page's answer.
github::TeamsResult teams_result(github::HttpAnswer last, bool read) {
    github::TeamsResult result;
    if (read) result.value = github::UserTeams{{"core"}, false};
    if (!read)
        result.failure = {"user", "GET /user/teams (page 1): HTTP " + std::to_string(last.status)};
    result.last_answer = std::move(last);
    return result;
}

BOOST_AUTO_TEST_CASE(a_rate_limited_teams_call_makes_the_check_rate_limited_until_its_end) {
    const RecheckAnswer member = classify_recheck_answer(answer(200, kActive), kNow);
    const RecheckAnswer secondary = with_teams_answer(
        member, teams_result(answer(429, "", {{"retry-after", "3600"}}), false), kNow);
    BOOST_TEST(recheck_outcome_name(secondary.outcome) == std::string("rate_limited"));
    BOOST_TEST(secondary.retry_at == kNow + 3600);
    BOOST_TEST(secondary.detail == "GET /user/teams (page 1): HTTP 429");
    const RecheckAnswer primary = with_teams_answer(
        member,
        teams_result(answer(403, R"({"message":"API rate limit exceeded for user ID 1."})",
                            {{"x-ratelimit-remaining", "0"},
                             {"x-ratelimit-reset", std::to_string(kNow + 900)}}),
                     false),
        kNow);
    BOOST_TEST(recheck_outcome_name(primary.outcome) == std::string("rate_limited"));
    BOOST_TEST(primary.retry_at == kNow + 900);
}

BOOST_AUTO_TEST_CASE(another_failed_teams_call_leaves_the_check_unconfirmed) {
    const RecheckAnswer member =
        classify_recheck_answer(answer(200, kActive, {{"etag", "\"m\""}}), kNow);
    const RecheckAnswer result = with_teams_answer(member, teams_result(answer(503), false), kNow);
    BOOST_TEST(recheck_outcome_name(result.outcome) == std::string("unavailable"));
    BOOST_TEST(result.retry_at == 0);
    BOOST_TEST(result.etag.empty());  // a 304 to it must keep meaning "active, teams read"
}

BOOST_AUTO_TEST_CASE(a_teams_list_read_keeps_the_membership_answer_and_its_used_up_quota_waits) {
    const RecheckAnswer member =
        classify_recheck_answer(answer(200, kActive, {{"etag", "\"m\""}}), kNow);
    const RecheckAnswer plain = with_teams_answer(member, teams_result(answer(200), true), kNow);
    BOOST_TEST(recheck_outcome_name(plain.outcome) == std::string("active"));
    BOOST_TEST(plain.etag == "\"m\"");
    BOOST_TEST(plain.retry_at == 0);
    const RecheckAnswer last_call =
        with_teams_answer(member,
                          teams_result(answer(200, "[]",
                                              {{"x-ratelimit-remaining", "0"},
                                               {"x-ratelimit-reset", std::to_string(kNow + 600)}}),
                                       true),
                          kNow);
    BOOST_TEST(recheck_outcome_name(last_call.outcome) == std::string("active"));
    BOOST_TEST(last_call.retry_at == kNow + 600);
}

BOOST_AUTO_TEST_CASE(each_outcome_has_a_name_for_the_metrics) {
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kActive) == std::string("active"));
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kNotModified) == std::string("not_modified"));
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kPending) == std::string("pending"));
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kNotMember) == std::string("not_member"));
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kTokenRevoked) == std::string("token_revoked"));
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kSamlEnforced) == std::string("saml"));
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kAppRestricted) ==
               std::string("app_restricted"));
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kRateLimited) == std::string("rate_limited"));
    BOOST_TEST(recheck_outcome_name(RecheckOutcome::kUnavailable) == std::string("unavailable"));
}

BOOST_AUTO_TEST_SUITE_END()
