// Following only GitHub's own next pages, and keeping only the configured organization's teams.
#include "github/user_teams.hpp"

#include <algorithm>

#include "http/http_url.hpp"
#include "http/text.hpp"

namespace orggate::github {
namespace {

constexpr const char* kTeamsPath = "/user/teams";

}  // namespace

std::string first_teams_page_url(const std::string& api_url) {
    return api_url + kTeamsPath + "?per_page=" + std::to_string(kTeamsPerPage);
}

bool is_teams_page_url(std::string_view url, const std::string& api_url) {
    if (url.find('#') != std::string_view::npos) return false;
    const auto base = http::parse_http_url(url.substr(0, url.find('?')));
    const auto expected = http::parse_http_url(api_url + kTeamsPath);
    return base && expected && base->scheme == expected->scheme && base->host == expected->host &&
           base->port == expected->port && base->path == expected->path;
}

std::vector<std::string> org_team_slugs(const std::vector<ListedTeam>& teams,
                                        std::string_view org) {
    std::vector<std::string> slugs;
    for (const ListedTeam& team : teams) {
        if (http::equals_ignoring_case(team.org_login, org)) slugs.push_back(team.slug);
    }
    std::sort(slugs.begin(), slugs.end());
    slugs.erase(std::unique(slugs.begin(), slugs.end()), slugs.end());
    return slugs;
}

}  // namespace orggate::github
