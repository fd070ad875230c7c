// GitHub's OAuth and REST calls orggate makes: fetch only; deciding is login_policy's job.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "github/http_client.hpp"
#include "session/user_profile.hpp"

namespace orggate::github {

// Why a call failed: one message for the user, one for the log; neither holds a secret.
struct Failure {
    std::string user_message;
    std::string log_message;
};

template <typename T>
struct Result {
    std::optional<T> value;
    Failure failure;  // set when value is empty
};

enum class MembershipState { kActive, kPending, kNotMember, kAppRestricted, kSamlRequired };

struct Membership {
    MembershipState state = MembershipState::kNotMember;
    std::string sso_url;  // where to authorize the token for SAML, when GitHub says
};

// The slugs of GITHUB_ORG's teams the user is in, from every page of GET /user/teams.
struct UserTeams {
    std::vector<std::string> slugs;  // sorted, unique
    bool truncated = false;          // GitHub had more than kMaxTeamPages pages; the rest unread
};

// fetch_teams's result, with GitHub's answer to the last page asked for: a failure's status,
// headers and body (a 403/429 with Retry-After or X-RateLimit-* is the token's rate limit, which
// the re-check honours), or a success's X-RateLimit-* (its quota may be used up).
struct TeamsResult : Result<UserTeams> {
    HttpAnswer last_answer;
};

struct GitHubSettings {
    std::string web_url;  // GITHUB_URL
    std::string api_url;  // GITHUB_API_URL
    std::string client_id;
    std::string client_secret;
};

// The token endpoint's request: the app's credentials plus `fields`, asking for JSON.
HttpCall token_call(const GitHubSettings& settings,
                    const std::vector<std::pair<std::string, std::string>>& fields);

class GitHubClient {
public:
    GitHubClient(HttpClient& http, GitHubSettings settings);

    // The same client, with every call bounded by `deadline` (all of one login's calls).
    GitHubClient with_deadline(std::chrono::steady_clock::time_point deadline) const;

    // POST GITHUB_URL/login/oauth/access_token; the only call that sends the client secret.
    Result<std::string> exchange_code(const std::string& code, const std::string& verifier,
                                      const std::string& redirect_uri) const;
    // GET /user.
    Result<UserProfile> fetch_user(const std::string& token) const;
    // GET /user/memberships/orgs/{org}: answers for the token's own user, public or private
    // membership alike, and tells a pending invitation from an active member.
    Result<Membership> fetch_membership(const std::string& token, const std::string& org) const;
    // The same call for the background re-check, as GitHub answered it (recheck_answer.hpp
    // reads it): with If-None-Match `etag` when not empty, so an unchanged membership costs a
    // 304, which GitHub does not count against the token's rate limit.
    HttpAnswer membership_answer(const std::string& token, const std::string& org,
                                 const std::string& etag) const;
    // GET /user/teams, page after page: the teams of every org the user is in (read:org), of
    // which only `org`'s are kept.
    TeamsResult fetch_teams(const std::string& token, const std::string& org) const;
    // DELETE /applications/{client_id}/token; true when GitHub confirmed.
    bool revoke_token(const std::string& token, std::string& log_message) const;

private:
    HttpAnswer api_get(const std::string& path, const std::string& token) const;
    HttpAnswer api_get_url(std::string url, const std::string& token,
                           const std::string& etag = {}) const;

    HttpAnswer send(HttpCall call) const;

    HttpClient& http_;
    GitHubSettings settings_;
    std::chrono::steady_clock::time_point deadline_{};
};

}  // namespace orggate::github
