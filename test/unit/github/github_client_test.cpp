// The calls orggate makes to GitHub, and what it makes of each answer, good or bad.
#include "github/github_client.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "github/github_json.hpp"
#include "http/query.hpp"
#include "support/fake_http_client.hpp"

using namespace orggate;
using namespace orggate::github;

namespace {

const std::string kToken = "gho_SECRETTOKEN123";
const std::string kSecret = "client-SECRET-456";
const std::string kClientId = "Ov23liAbCdEf12345678";
const std::string kWebUrl = "https://ghe.example.com";
const std::string kApiUrl = "https://ghe.example.com/api/v3";
const std::string kCallback = "https://gate.example/login/authorized";

const std::string kUserJson =
    R"({"login":"octocat","id":583231,"avatar_url":"https://avatars.example/u/583231",)"
    R"("name":"The Octocat","html_url":"https://github.com/octocat"})";
const std::string kBadCredentials =
    R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"})";
const std::string kAppRestricted =
    R"({"message":"Although you appear to have the correct authorization credentials, the )"
    R"(`acme` organization has enabled OAuth App access restrictions, meaning that data )"
    R"(access to third-parties is limited. For more information on these restrictions, )"
    R"(including how to enable this app, visit )"
    R"(https://docs.github.com/articles/restricting-access-to-your-organization-s-data/",)"
    R"("documentation_url":"https://docs.github.com/rest/orgs/members"})";
const std::string kSamlEnforced =
    R"({"message":"Resource protected by organization SAML enforcement. You must grant your )"
    R"(Personal Access token access to this organization.",)"
    R"("documentation_url":"https://docs.github.com/articles/authenticating-to-a-github-)"
    R"(organization-with-saml-single-sign-on/"})";
const std::string kSsoUrl = "https://github.com/orgs/acme/sso?authorization_request=abc";

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// What a user may read: plain words, no internals, no secrets; the log keeps the details.
void check_plain_failure(const Failure& failure) {
    BOOST_TEST(!failure.user_message.empty());
    BOOST_TEST(!failure.log_message.empty());
    const std::string user = lower(failure.user_message);
    for (const char* internal :
         {"exception", "stack", "std::", "what()", "curl", "rapidjson", "boost", "errno"}) {
        BOOST_TEST(!contains(user, internal), internal << " in: " << failure.user_message);
    }
    for (const std::string& secret : {kToken, kSecret}) {
        BOOST_TEST(!contains(failure.user_message, secret), failure.user_message);
        BOOST_TEST(!contains(failure.log_message, secret), failure.log_message);
    }
}

HttpAnswer reply(int status, std::string body, Headers headers = {}) {
    return {Transport::kOk, "", status, std::move(headers), std::move(body)};
}

// A /user/teams page: teams named `prefix`1..`count` of `org`, and GitHub's Link header.
HttpAnswer teams_page(const std::string& org, const std::string& prefix, int count,
                      const std::string& link = "") {
    std::string body = "[";
    for (int i = 1; i <= count; ++i) {
        if (i > 1) body += ",";
        body += R"({"id":)" + std::to_string(i) + R"(,"name":"Team )" + std::to_string(i) +
                R"(","slug":")" + prefix + std::to_string(i) +
                R"(","privacy":"closed","permission":"pull","parent":null,)"
                R"("organization":{"login":")" +
                org + R"(","id":9}})";
    }
    Headers headers;
    if (!link.empty()) headers.emplace_back("link", link);
    return {Transport::kOk, "", 200, std::move(headers), body + "]"};
}

std::string teams_link(int next, int last) {
    const std::string base = kApiUrl + "/user/teams?per_page=100&page=";
    return "<" + base + std::to_string(next) + R"(>; rel="next", <)" + base + std::to_string(last) +
           R"(>; rel="last")";
}

HttpAnswer broken(Transport transport, std::string detail) {
    return {transport, std::move(detail), 0, {}, {}};
}

struct Fixture {
    testing::FakeHttpClient http;
    GitHubClient github{http, {kWebUrl, kApiUrl, kClientId, kSecret}};

    // The one call the client made.
    const HttpCall& only_call() {
        BOOST_TEST_REQUIRE(http.calls.size() == 1u);
        return http.calls.front();
    }

    Result<Membership> membership_for(const HttpAnswer& answer) {
        http.script.push_back(answer);
        return github.fetch_membership(kToken, "acme");
    }

    // Every call given the same answer, each expected to fail; their failures. `[]` is a good
    // answer for the teams alone (in no team), so that call is left out for it.
    std::vector<Failure> failures_of_each_call(const HttpAnswer& answer) {
        http.fallback = answer;
        const auto token = github.exchange_code("code-abc", "verifier-xyz", kCallback);
        const auto user = github.fetch_user(kToken);
        const auto membership = github.fetch_membership(kToken, "acme");
        BOOST_TEST(!token.value);
        BOOST_TEST(!user.value);
        BOOST_TEST(!membership.value);
        std::vector<Failure> failures{token.failure, user.failure, membership.failure};
        if (answer.body == "[]") return failures;
        const auto teams = github.fetch_teams(kToken, "acme");
        BOOST_TEST(!teams.value);
        failures.push_back(teams.failure);
        return failures;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(github_client, Fixture)

BOOST_AUTO_TEST_CASE(the_code_exchange_posts_a_form_to_the_token_endpoint) {
    http.answer(200, R"({"access_token":")" + kToken + R"(","token_type":"bearer"})");
    github.exchange_code("code-abc", "verifier-xyz", kCallback);
    const HttpCall& call = only_call();
    BOOST_TEST(call.method == "POST");
    BOOST_TEST(call.url == kWebUrl + "/login/oauth/access_token");
    BOOST_TEST(testing::FakeHttpClient::header(call, "Accept") == "application/json");
    BOOST_TEST(testing::FakeHttpClient::header(call, "Content-Type") ==
               "application/x-www-form-urlencoded");
    const http::Params form = http::parse_params(call.body);
    const http::Params expected{{"client_id", kClientId},
                                {"client_secret", kSecret},
                                {"code", "code-abc"},
                                {"redirect_uri", kCallback},
                                {"code_verifier", "verifier-xyz"}};
    BOOST_TEST(form == expected);
}

BOOST_AUTO_TEST_CASE(api_calls_are_gets_with_the_token_as_bearer) {
    http.answer(200, kUserJson);
    http.answer(200, R"({"state":"active","role":"member"})");
    github.fetch_user(kToken);
    github.fetch_membership(kToken, "acme");
    BOOST_TEST_REQUIRE(http.calls.size() == 2u);
    BOOST_TEST(http.calls[0].url == kApiUrl + "/user");
    BOOST_TEST(http.calls[1].url == kApiUrl + "/user/memberships/orgs/acme");
    for (const HttpCall& call : http.calls) {
        BOOST_TEST(call.method == "GET");
        BOOST_TEST(testing::FakeHttpClient::header(call, "Accept") ==
                   "application/vnd.github+json");
        BOOST_TEST(testing::FakeHttpClient::header(call, "Authorization") == "Bearer " + kToken);
    }
}

BOOST_AUTO_TEST_CASE(no_api_call_carries_the_client_secret) {
    http.answer(200, kUserJson);
    http.answer(200, R"({"state":"active"})");
    github.fetch_user(kToken);
    github.fetch_membership(kToken, "acme");
    BOOST_TEST_REQUIRE(http.calls.size() == 2u);
    for (const HttpCall& call : http.calls) {
        BOOST_TEST(!contains(call.url, kSecret), call.url);
        BOOST_TEST(!contains(call.body, kSecret));
        BOOST_TEST(!contains(call.basic_user, kSecret));
        BOOST_TEST(!contains(call.basic_password, kSecret));
        for (const auto& [name, value] : call.headers) {
            BOOST_TEST(!contains(value, kSecret), name);
        }
    }
}

BOOST_AUTO_TEST_CASE(revocation_deletes_the_token_with_the_apps_basic_credentials) {
    http.answer(204, "");
    std::string log;
    BOOST_TEST(github.revoke_token(kToken, log));
    const HttpCall& call = only_call();
    BOOST_TEST(call.method == "DELETE");
    BOOST_TEST(call.url == kApiUrl + "/applications/" + kClientId + "/token");
    BOOST_TEST(call.basic_user == kClientId);
    BOOST_TEST(call.basic_password == kSecret);
    BOOST_TEST(call.body == R"({"access_token":")" + kToken + "\"}");
    BOOST_TEST(testing::FakeHttpClient::header(call, "Accept") == "application/vnd.github+json");
    // The token travels in the body only, never in the URL or as a bearer.
    BOOST_TEST(!contains(call.url, kToken));
    BOOST_TEST(testing::FakeHttpClient::header(call, "Authorization").empty());
}

BOOST_AUTO_TEST_CASE(a_revocation_github_did_not_confirm_is_logged_without_secrets) {
    for (const HttpAnswer& answer : {reply(404, R"({"message":"Not Found"})"), reply(500, ""),
                                     broken(Transport::kTimeout, "Operation timed out")}) {
        http.script.push_back(answer);
        std::string log;
        BOOST_TEST(!github.revoke_token(kToken, log));
        BOOST_TEST(!log.empty());
        BOOST_TEST(!contains(log, kToken), log);
        BOOST_TEST(!contains(log, kSecret), log);
    }
}

BOOST_AUTO_TEST_CASE(a_granted_token_is_returned) {
    http.answer(200, R"({"access_token":")" + kToken + R"(","scope":"read:org"})");
    const auto token = github.exchange_code("code-abc", "verifier-xyz", kCallback);
    BOOST_TEST(token.value.value_or("(none)") == kToken);
}

BOOST_AUTO_TEST_CASE(the_user_is_read_from_user) {
    http.answer(200, kUserJson);
    const auto user = github.fetch_user(kToken);
    BOOST_TEST_REQUIRE(user.value.has_value());
    BOOST_TEST(user.value->login == "octocat");
    BOOST_TEST(user.value->id == 583231);
}

BOOST_AUTO_TEST_CASE(network_trouble_is_a_plain_failure_and_the_log_keeps_the_cause) {
    const std::string timeout =
        "Operation timed out after 10001 milliseconds with 0 bytes received";
    const std::string unreachable = "Could not resolve host: ghe.example.com";
    for (const auto& [transport, detail] : {std::pair{Transport::kTimeout, timeout},
                                            std::pair{Transport::kUnreachable, unreachable}}) {
        for (const Failure& failure : failures_of_each_call(broken(transport, detail))) {
            check_plain_failure(failure);
            BOOST_TEST(!contains(failure.user_message, detail), failure.user_message);
            BOOST_TEST(contains(failure.log_message, detail), failure.log_message);
        }
    }
}

BOOST_AUTO_TEST_CASE(githubs_own_trouble_is_a_plain_failure) {
    for (const int status : {500, 502, 503}) {
        const HttpAnswer answer = reply(status, "<html><title>Unicorn! · GitHub</title></html>");
        for (const Failure& failure : failures_of_each_call(answer)) {
            check_plain_failure(failure);
            BOOST_TEST(contains(failure.log_message, std::to_string(status)), failure.log_message);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_refused_token_asks_the_user_to_log_in_again) {
    for (const Failure& failure : failures_of_each_call(reply(401, kBadCredentials))) {
        check_plain_failure(failure);
        BOOST_TEST(contains(lower(failure.user_message), "log in again"), failure.user_message);
        BOOST_TEST(contains(failure.log_message, "Bad credentials"), failure.log_message);
    }
}

BOOST_AUTO_TEST_CASE(an_answer_that_is_not_githubs_json_is_a_plain_failure) {
    const HttpAnswer answers[] = {
        reply(200, "<html>Sign in to your Wi-Fi</html>"),
        reply(200, "{\"access_token\":\"" + kToken),
        // The form-encoded answer GitHub gives without Accept: application/json.
        reply(200, "access_token=" + kToken + "&scope=read%3Aorg&token_type=bearer"),
        reply(200, "[]"),
        reply(200, "{}"),
        reply(200, R"({"login":"octocat","state":7,"access_token":7})"),
    };
    for (const HttpAnswer& answer : answers) {
        for (const Failure& failure : failures_of_each_call(answer)) {
            check_plain_failure(failure);
        }
    }
}

BOOST_AUTO_TEST_CASE(githubs_token_errors_say_who_can_fix_them) {
    struct TokenError {
        std::string error;
        std::string description;
        std::string advice;
    };
    const TokenError errors[] = {
        {"bad_verification_code", "The code passed is incorrect or expired.", "log in again"},
        {"incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.",
         "administrator"},
        {"redirect_uri_mismatch",
         "The redirect_uri MUST match the registered callback URL for this application.",
         "administrator"},
    };
    for (const TokenError& e : errors) {
        http.answer(
            200, R"({"error":")" + e.error + R"(","error_description":")" + e.description + "\"}");
        const auto token = github.exchange_code("code-abc", "verifier-xyz", kCallback);
        BOOST_TEST_REQUIRE(!token.value, e.error);
        check_plain_failure(token.failure);
        BOOST_TEST(contains(lower(token.failure.user_message), e.advice),
                   token.failure.user_message);
        BOOST_TEST(contains(token.failure.log_message, e.error), token.failure.log_message);
    }
}

BOOST_AUTO_TEST_CASE(an_active_membership_is_membership) {
    const auto result = membership_for(reply(200, R"({"state":"active","role":"member"})"));
    BOOST_TEST_REQUIRE(result.value.has_value());
    BOOST_TEST((result.value->state == MembershipState::kActive));
}

BOOST_AUTO_TEST_CASE(a_pending_invitation_is_reported_as_pending) {
    const auto result = membership_for(reply(200, R"({"state":"pending","role":"member"})"));
    BOOST_TEST_REQUIRE(result.value.has_value());
    BOOST_TEST((result.value->state == MembershipState::kPending));
}

BOOST_AUTO_TEST_CASE(not_found_means_not_a_member) {
    const auto result = membership_for(reply(404, R"({"message":"Not Found"})"));
    BOOST_TEST_REQUIRE(result.value.has_value());
    BOOST_TEST((result.value->state == MembershipState::kNotMember));
}

BOOST_AUTO_TEST_CASE(an_org_restricting_oauth_apps_is_reported_as_such) {
    const auto result = membership_for(reply(403, kAppRestricted));
    BOOST_TEST_REQUIRE(result.value.has_value());
    BOOST_TEST((result.value->state == MembershipState::kAppRestricted));
}

BOOST_AUTO_TEST_CASE(the_sso_header_means_saml_and_gives_where_to_authorize) {
    // HttpAnswer header names arrive lower-cased from the HTTP client.
    const auto result =
        membership_for(reply(403, kSamlEnforced, {{"x-github-sso", "required; url=" + kSsoUrl}}));
    BOOST_TEST_REQUIRE(result.value.has_value());
    BOOST_TEST((result.value->state == MembershipState::kSamlRequired));
    BOOST_TEST(result.value->sso_url == kSsoUrl);
}

BOOST_AUTO_TEST_CASE(the_saml_message_without_the_header_still_means_saml) {
    const auto result = membership_for(reply(403, kSamlEnforced));
    BOOST_TEST_REQUIRE(result.value.has_value());
    BOOST_TEST((result.value->state == MembershipState::kSamlRequired));
    BOOST_TEST(result.value->sso_url.empty());
}

BOOST_AUTO_TEST_CASE(another_403_is_a_failure_not_a_denial) {
    const auto result =
        membership_for(reply(403,
                             R"({"message":"API rate limit exceeded for user ID 583231.",)"
                             R"("documentation_url":"https://docs.github.com/rest/rate-limit"})",
                             {{"x-ratelimit-remaining", "0"}}));
    BOOST_TEST(!result.value.has_value());
    check_plain_failure(result.failure);
    BOOST_TEST(contains(result.failure.log_message, "API rate limit exceeded"),
               result.failure.log_message);
}

BOOST_AUTO_TEST_CASE(teams_are_read_page_after_page_following_githubs_next_links) {
    http.script.push_back(teams_page("acme", "a", 100, teams_link(2, 3)));
    http.script.push_back(teams_page("acme", "b", 100, teams_link(3, 3)));
    http.script.push_back(teams_page("acme", "c", 7));
    const auto teams = github.fetch_teams(kToken, "acme");
    BOOST_TEST_REQUIRE(teams.value.has_value());
    BOOST_TEST(teams.value->slugs.size() == 207u);
    BOOST_TEST(!teams.value->truncated);
    BOOST_TEST(std::is_sorted(teams.value->slugs.begin(), teams.value->slugs.end()));
    for (const char* slug : {"a1", "a100", "b1", "b100", "c1", "c7"}) {
        BOOST_TEST(std::count(teams.value->slugs.begin(), teams.value->slugs.end(), slug) == 1,
                   slug);
    }
    BOOST_TEST_REQUIRE(http.calls.size() == 3u);
    BOOST_TEST(http.calls[0].url == kApiUrl + "/user/teams?per_page=100");
    BOOST_TEST(http.calls[1].url == kApiUrl + "/user/teams?per_page=100&page=2");
    BOOST_TEST(http.calls[2].url == kApiUrl + "/user/teams?per_page=100&page=3");
    for (const HttpCall& call : http.calls) {
        BOOST_TEST(call.method == "GET");
        BOOST_TEST(testing::FakeHttpClient::header(call, "Authorization") == "Bearer " + kToken);
        BOOST_TEST(testing::FakeHttpClient::header(call, "Accept") ==
                   "application/vnd.github+json");
    }
}

BOOST_AUTO_TEST_CASE(only_the_orgs_teams_are_kept_whatever_the_case_of_its_login) {
    http.answer(200, R"([{"slug":"ops","organization":{"login":"ACME"}},)"
                     R"({"slug":"core","organization":{"login":"acme"}},)"
                     R"({"slug":"secret","organization":{"login":"other-org"}},)"
                     R"({"slug":"core","organization":{"login":"acme-labs"}}])");
    const auto teams = github.fetch_teams(kToken, "acme");
    BOOST_TEST_REQUIRE(teams.value.has_value());
    BOOST_TEST((teams.value->slugs == std::vector<std::string>{"core", "ops"}));
}

BOOST_AUTO_TEST_CASE(a_user_in_no_team_has_no_teams) {
    http.answer(200, "[]");
    const auto teams = github.fetch_teams(kToken, "acme");
    BOOST_TEST_REQUIRE(teams.value.has_value());
    BOOST_TEST(teams.value->slugs.empty());
    BOOST_TEST(!teams.value->truncated);
}

BOOST_AUTO_TEST_CASE(a_next_link_to_another_host_is_refused_and_never_called) {
    for (const std::string& next : {std::string("https://evil.example/api/v3/user/teams?page=2"),
                                    std::string("http://ghe.example.com/api/v3/user/teams?page=2"),
                                    kApiUrl + "/user/repos?page=2"}) {
        http.calls.clear();
        http.script.push_back(teams_page("acme", "a", 100, "<" + next + R"(>; rel="next")"));
        http.answer(200, "[]");
        const auto teams = github.fetch_teams(kToken, "acme");
        BOOST_TEST(!teams.value.has_value(), next);
        check_plain_failure(teams.failure);
        BOOST_TEST(contains(teams.failure.log_message, next), teams.failure.log_message);
        BOOST_TEST(http.calls.size() == 1u, next);
        http.script.clear();
    }
}

BOOST_AUTO_TEST_CASE(a_garbled_link_header_is_a_plain_failure) {
    http.script.push_back(teams_page("acme", "a", 100, "page=2; next"));
    const auto teams = github.fetch_teams(kToken, "acme");
    BOOST_TEST(!teams.value.has_value());
    check_plain_failure(teams.failure);
}

BOOST_AUTO_TEST_CASE(after_ten_pages_the_rest_is_left_unread_and_said_so) {
    for (int page = 1; page <= 12; ++page) {
        http.script.push_back(
            teams_page("acme", "p" + std::to_string(page) + "-", 100, teams_link(page + 1, 12)));
    }
    const auto teams = github.fetch_teams(kToken, "acme");
    BOOST_TEST_REQUIRE(teams.value.has_value());
    BOOST_TEST(teams.value->truncated);
    BOOST_TEST(teams.value->slugs.size() == 1000u);
    BOOST_TEST(http.calls.size() == 10u);
}

BOOST_AUTO_TEST_CASE(a_failure_on_a_later_page_fails_the_whole_list) {
    http.script.push_back(teams_page("acme", "a", 100, teams_link(2, 2)));
    http.script.push_back(reply(502, "<html>Unicorn!</html>"));
    const auto teams = github.fetch_teams(kToken, "acme");
    BOOST_TEST(!teams.value.has_value());
    check_plain_failure(teams.failure);
    BOOST_TEST(contains(teams.failure.log_message, "page 2"), teams.failure.log_message);
}

BOOST_AUTO_TEST_CASE(a_403_or_404_for_the_teams_is_a_failure_not_no_teams) {
    for (const HttpAnswer& answer :
         {reply(403, R"({"message":"API rate limit exceeded for user ID 583231."})"),
          reply(404, R"({"message":"Not Found"})")}) {
        http.script.push_back(answer);
        const auto teams = github.fetch_teams(kToken, "acme");
        BOOST_TEST_REQUIRE(!teams.value.has_value());
        check_plain_failure(teams.failure);
        BOOST_TEST(contains(teams.failure.user_message, std::to_string(answer.status)));
        BOOST_TEST(contains(teams.failure.log_message, parse_error_message(answer.body)),
                   teams.failure.log_message);
    }
}

BOOST_AUTO_TEST_CASE(a_failed_teams_page_comes_back_with_githubs_rate_limit_headers) {
    // The re-check reads them to honour the limit (recheck/rate_limit_wait.hpp).
    http.script.push_back(teams_page("acme", "a", 100, teams_link(2, 2)));
    http.script.push_back(reply(429, R"({"message":"You have exceeded a secondary rate limit."})",
                                {{"retry-after", "3600"}}));
    const auto teams = github.fetch_teams(kToken, "acme");
    BOOST_TEST_REQUIRE(!teams.value.has_value());
    BOOST_TEST(teams.last_answer.status == 429);
    BOOST_TEST(teams.last_answer.header("retry-after") == "3600");
}

BOOST_AUTO_TEST_CASE(a_read_teams_list_comes_back_with_its_last_pages_quota) {
    HttpAnswer last = teams_page("acme", "a", 1);
    last.headers.emplace_back("x-ratelimit-remaining", "0");
    http.script.push_back(last);
    const auto teams = github.fetch_teams(kToken, "acme");
    BOOST_TEST_REQUIRE(teams.value.has_value());
    BOOST_TEST(teams.last_answer.header("x-ratelimit-remaining") == "0");
}

BOOST_AUTO_TEST_CASE(every_page_shares_the_callers_deadline) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    http.script.push_back(teams_page("acme", "a", 100, teams_link(2, 2)));
    http.script.push_back(teams_page("acme", "b", 1));
    github.with_deadline(deadline).fetch_teams(kToken, "acme");
    BOOST_TEST_REQUIRE(http.calls.size() == 2u);
    BOOST_TEST((http.calls[0].deadline == deadline));
    BOOST_TEST((http.calls[1].deadline == deadline));
}

BOOST_AUTO_TEST_CASE(the_recheck_asks_for_the_membership_with_the_stored_etag) {
    http.answer(304, "");
    const HttpAnswer answer = github.membership_answer(kToken, "acme", "W/\"abc\"");
    BOOST_TEST(answer.status == 304);
    const HttpCall& call = only_call();
    BOOST_TEST(call.method == "GET");
    BOOST_TEST(call.url == kApiUrl + "/user/memberships/orgs/acme");
    BOOST_TEST(testing::FakeHttpClient::header(call, "If-None-Match") == "W/\"abc\"");
    BOOST_TEST(testing::FakeHttpClient::header(call, "Authorization") == "Bearer " + kToken);
}

BOOST_AUTO_TEST_CASE(without_an_etag_the_recheck_sends_no_if_none_match) {
    github.membership_answer(kToken, "acme", "");
    BOOST_TEST(testing::FakeHttpClient::header(only_call(), "If-None-Match").empty());
}

BOOST_AUTO_TEST_SUITE_END()
