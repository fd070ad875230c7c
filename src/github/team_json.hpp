// One page of GET /user/teams (RapidJSON): each team's slug and its organization's login.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orggate::github {

struct ListedTeam {
    std::string slug;       // e.g. "justice-league": what team rules name, not the team's name
    std::string org_login;  // organization.login, as GitHub spells it
};

// Larger pages are refused: 100 full team objects are about 250 KB.
constexpr std::size_t kMaxTeamsPageBytes = 1024 * 1024;

// nullopt unless `body` is a JSON array of team objects, each with a non-empty string "slug"
// and an "organization" object with a non-empty string "login".
std::optional<std::vector<ListedTeam>> parse_teams_page(std::string_view body);

}  // namespace orggate::github
