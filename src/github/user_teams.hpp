// GET /user/teams without the network: which pages orggate follows and which teams it keeps.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "github/team_json.hpp"

namespace orggate::github {

constexpr int kTeamsPerPage = 100;  // GitHub's maximum per_page
// Beyond 1000 teams orggate stops asking, keeps what it has, and logs event=teams_truncated.
constexpr int kMaxTeamPages = 10;

// `api_url`/user/teams?per_page=100.
std::string first_teams_page_url(const std::string& api_url);

// True when `url` is /user/teams on the API's own scheme, host, port and path, with only its
// query free (GitHub's rel="next" changes the page number). Anything else in a Link header is
// not followed: it would send the user's token elsewhere.
bool is_teams_page_url(std::string_view url, const std::string& api_url);

// The slugs of `org`'s teams (logins compared without regard to case, as GitHub does),
// sorted and unique; the teams of other organizations are dropped.
std::vector<std::string> org_team_slugs(const std::vector<ListedTeam>& teams, std::string_view org);

}  // namespace orggate::github
