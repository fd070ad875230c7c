// Reading the team objects of a /user/teams page; everything but slug and organization is ignored.
#include "github/team_json.hpp"

#include "json/json_document.hpp"

namespace orggate::github {
namespace {

// A non-empty string member, or nullopt.
std::optional<std::string> text_member(const rapidjson::Value& object, const char* name) {
    const auto member = object.FindMember(name);
    if (member == object.MemberEnd() || !member->value.IsString() ||
        member->value.GetStringLength() == 0) {
        return std::nullopt;
    }
    return std::string(member->value.GetString(), member->value.GetStringLength());
}

std::optional<ListedTeam> team_of(const rapidjson::Value& team) {
    if (!team.IsObject()) return std::nullopt;
    const auto organization = team.FindMember("organization");
    if (organization == team.MemberEnd() || !organization->value.IsObject()) return std::nullopt;
    auto slug = text_member(team, "slug");
    auto login = text_member(organization->value, "login");
    if (!slug || !login) return std::nullopt;
    return ListedTeam{std::move(*slug), std::move(*login)};
}

}  // namespace

std::optional<std::vector<ListedTeam>> parse_teams_page(std::string_view body) {
    rapidjson::Document document;
    if (!parse_json_document(body, kMaxTeamsPageBytes, document) || !document.IsArray()) {
        return std::nullopt;
    }
    std::vector<ListedTeam> teams;
    teams.reserve(document.Size());
    for (const auto& element : document.GetArray()) {
        // One team we cannot read makes the page untrustworthy, not just that team.
        auto team = team_of(element);
        if (!team) return std::nullopt;
        teams.push_back(std::move(*team));
    }
    return teams;
}

}  // namespace orggate::github
