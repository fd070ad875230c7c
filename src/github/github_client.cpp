// Turning GitHub's HTTP answers into values or plain-spoken failures.
#include "github/github_client.hpp"

#include "github/github_json.hpp"
#include "github/link_header.hpp"
#include "github/membership_answer.hpp"
#include "github/team_json.hpp"
#include "github/user_teams.hpp"
#include "http/query.hpp"

namespace orggate::github {
namespace {

constexpr const char* kApiAccept = "application/vnd.github+json";
constexpr const char* kApiVersion = "2022-11-28";

Failure transport_failure(const HttpAnswer& answer, const std::string& what) {
    if (answer.transport == Transport::kTimeout) {
        return {"GitHub took too long to answer. Please try again in a moment.",
                what + ": timed out (" + answer.transport_detail + ")"};
    }
    return {"orggate could not reach GitHub. Please try again in a moment.",
            what + ": " + answer.transport_detail};
}

// Failures every call shares: the network, GitHub's own trouble, a refused token.
std::optional<Failure> common_failure(const HttpAnswer& answer, const std::string& what) {
    if (answer.transport != Transport::kOk) return transport_failure(answer, what);
    if (answer.status >= 500) {
        return Failure{"GitHub is having trouble right now (HTTP " + std::to_string(answer.status) +
                           "). Please try again later.",
                       what + ": HTTP " + std::to_string(answer.status)};
    }
    if (answer.status == 401) {
        return Failure{"GitHub did not accept this login. Please log in again.",
                       what + ": HTTP 401 " + parse_error_message(answer.body)};
    }
    return std::nullopt;
}

Failure unexpected(const HttpAnswer& answer, const std::string& what) {
    return {"GitHub sent an answer orggate could not understand. Please try again later.",
            what + ": unexpected answer, HTTP " + std::to_string(answer.status)};
}

Failure token_error(const TokenReply& reply) {
    const std::string log = "token exchange: GitHub error " + reply.error;
    if (reply.error == "bad_verification_code") {
        return {
            "GitHub did not accept the login code; it may have expired or been used. "
            "Please log in again.",
            log};
    }
    if (reply.error == "incorrect_client_credentials") {
        return {
            "This site's GitHub OAuth app settings are wrong (client id or secret). "
            "Please tell the site's administrator.",
            log};
    }
    if (reply.error == "redirect_uri_mismatch") {
        return {
            "This site's address does not match the callback URL registered for its GitHub "
            "OAuth app. Please tell the site's administrator.",
            log};
    }
    return {"GitHub refused the login (" + reply.error + "). Please try again.", log};
}

// GitHub documents 403 Forbidden and 404 Resource not found for GET /user/teams as errors, not
// as "in no team" (that is 200 with []): a token without read:org, a blocked or rate-limited
// token. OAuth app restrictions and SAML do not fail this list, they leave that org's teams out,
// and the membership call before it has already refused such logins. So a 403/404 fails the
// login like any GitHub error: storing "no teams" would misstate the user for a whole session.
std::optional<Failure> teams_failure(const HttpAnswer& answer, const std::string& what) {
    if (auto failure = common_failure(answer, what)) return failure;
    if (answer.status == 403 || answer.status == 404) {
        return Failure{"GitHub refused to tell which teams you are in (HTTP " +
                           std::to_string(answer.status) + "). Please try again later.",
                       what + ": HTTP " + std::to_string(answer.status) + " " +
                           parse_error_message(answer.body)};
    }
    return std::nullopt;
}

std::string teams_call_name(int page) {
    return "GET /user/teams (page " + std::to_string(page) + ")";
}

TeamsResult teams_result(std::optional<UserTeams> value, Failure failure, HttpAnswer last) {
    TeamsResult result;
    result.value = std::move(value);
    result.failure = std::move(failure);
    result.last_answer = std::move(last);
    return result;
}

}  // namespace

HttpCall token_call(const GitHubSettings& settings,
                    const std::vector<std::pair<std::string, std::string>>& fields) {
    HttpCall call;
    call.method = "POST";
    call.url = settings.web_url + "/login/oauth/access_token";
    call.headers = {{"Accept", "application/json"},
                    {"Content-Type", "application/x-www-form-urlencoded"}};
    http::Params params{{"client_id", settings.client_id},
                        {"client_secret", settings.client_secret}};
    params.insert(params.end(), fields.begin(), fields.end());
    call.body = http::encode_params(params);
    return call;
}

GitHubClient::GitHubClient(HttpClient& http, GitHubSettings settings)
    : http_(http), settings_(std::move(settings)) {}

GitHubClient GitHubClient::with_deadline(std::chrono::steady_clock::time_point deadline) const {
    GitHubClient bounded = *this;
    bounded.deadline_ = deadline;
    return bounded;
}

HttpAnswer GitHubClient::send(HttpCall call) const {
    call.deadline = deadline_;
    return http_.send(call);
}

Result<std::string> GitHubClient::exchange_code(const std::string& code,
                                                const std::string& verifier,
                                                const std::string& redirect_uri) const {
    const HttpCall call = token_call(
        settings_, {{"code", code}, {"redirect_uri", redirect_uri}, {"code_verifier", verifier}});
    const HttpAnswer answer = send(call);
    if (auto failure = common_failure(answer, "token exchange")) return {std::nullopt, *failure};
    const std::optional<TokenReply> reply = parse_token_reply(answer.body);
    if (answer.status != 200 || !reply) return {std::nullopt, unexpected(answer, "token exchange")};
    if (reply->access_token.empty()) return {std::nullopt, token_error(*reply)};
    return {reply->access_token, {}};
}

Result<UserProfile> GitHubClient::fetch_user(const std::string& token) const {
    const HttpAnswer answer = api_get("/user", token);
    if (auto failure = common_failure(answer, "GET /user")) return {std::nullopt, *failure};
    std::optional<UserProfile> user;
    if (answer.status == 200) user = user_profile_from_json(answer.body);
    if (!user) return {std::nullopt, unexpected(answer, "GET /user")};
    return {std::move(user), {}};
}

Result<Membership> GitHubClient::fetch_membership(const std::string& token,
                                                  const std::string& org) const {
    const std::string what = "GET /user/memberships/orgs/" + org;
    const HttpAnswer answer = api_get("/user/memberships/orgs/" + http::percent_encode(org), token);
    if (auto failure = common_failure(answer, what)) return {std::nullopt, *failure};
    if (auto membership = membership_of_answer(answer)) return {std::move(*membership), {}};
    if (answer.status == 403) {
        return {std::nullopt,
                {"GitHub refused to tell whether you are a member (HTTP 403). Please try again "
                 "later.",
                 what + ": HTTP 403 " + parse_error_message(answer.body)}};
    }
    return {std::nullopt, unexpected(answer, what)};
}

HttpAnswer GitHubClient::membership_answer(const std::string& token, const std::string& org,
                                           const std::string& etag) const {
    return api_get_url(settings_.api_url + "/user/memberships/orgs/" + http::percent_encode(org),
                       token, etag);
}

TeamsResult GitHubClient::fetch_teams(const std::string& token, const std::string& org) const {
    std::vector<ListedTeam> listed;
    std::string url = first_teams_page_url(settings_.api_url);
    for (int page = 1;; ++page) {
        const std::string what = teams_call_name(page);
        HttpAnswer answer = api_get_url(url, token);
        if (auto failure = teams_failure(answer, what))
            return teams_result(std::nullopt, std::move(*failure), std::move(answer));
        const auto teams = answer.status == 200 ? parse_teams_page(answer.body) : std::nullopt;
        const auto links = parse_link_header(answer.header("link"));
        if (!teams || !links) {
            Failure failure = unexpected(answer, what);
            return teams_result(std::nullopt, std::move(failure), std::move(answer));
        }
        listed.insert(listed.end(), teams->begin(), teams->end());

        const std::optional<std::string> next = find_link(*links, "next");
        if (!next)
            return teams_result(UserTeams{org_team_slugs(listed, org), false}, {},
                                std::move(answer));
        // The token goes wherever the link points: only GitHub's own next page is followed.
        if (!is_teams_page_url(*next, settings_.api_url)) {
            Failure failure{
                "GitHub sent an answer orggate could not understand. Please try again later.",
                what + ": its Link rel=\"next\" leaves " + settings_.api_url +
                    "/user/teams: " + *next};
            return teams_result(std::nullopt, std::move(failure), std::move(answer));
        }
        if (page == kMaxTeamPages)
            return teams_result(UserTeams{org_team_slugs(listed, org), true}, {},
                                std::move(answer));
        url = *next;
    }
}

bool GitHubClient::revoke_token(const std::string& token, std::string& log_message) const {
    HttpCall call;
    call.method = "DELETE";
    call.url =
        settings_.api_url + "/applications/" + http::percent_encode(settings_.client_id) + "/token";
    call.headers = {{"Accept", kApiAccept},
                    {"X-GitHub-Api-Version", kApiVersion},
                    {"Content-Type", "application/json"}};
    call.body = revocation_body(token);
    call.basic_user = settings_.client_id;
    call.basic_password = settings_.client_secret;
    const HttpAnswer answer = send(call);
    if (answer.transport == Transport::kOk && answer.status == 204) return true;
    log_message = answer.transport != Transport::kOk
                      ? "token revocation: " + answer.transport_detail
                      : "token revocation: HTTP " + std::to_string(answer.status);
    return false;
}

HttpAnswer GitHubClient::api_get(const std::string& path, const std::string& token) const {
    return api_get_url(settings_.api_url + path, token);
}

HttpAnswer GitHubClient::api_get_url(std::string url, const std::string& token,
                                     const std::string& etag) const {
    HttpCall call;
    call.url = std::move(url);
    call.headers = {{"Accept", kApiAccept},
                    {"X-GitHub-Api-Version", kApiVersion},
                    {"Authorization", "Bearer " + token}};
    if (!etag.empty()) call.headers.emplace_back("If-None-Match", etag);
    return send(std::move(call));
}

}  // namespace orggate::github
