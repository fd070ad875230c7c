// Parsing a location's rule and deciding it, without any I/O.
#include "gate/rule.hpp"

#include <algorithm>

namespace orggate::gate {
namespace {

// GitHub's own bounds: logins are at most 39 characters; team slugs have no documented bound,
// so a generous one keeps the reason and the log line short.
constexpr std::size_t kMaxLoginLength = 39;
constexpr std::size_t kMaxSlugLength = 100;

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// Letters, digits and '-', as GitHub allows in logins and team slugs.
bool is_github_name(std::string_view name, std::size_t max_length) {
    if (name.empty() || name.size() > max_length) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-';
    });
}

bool add_entry(std::string_view entry, Rule& rule) {
    constexpr std::string_view kTeam = "team:";
    constexpr std::string_view kUser = "user:";
    if (entry.substr(0, kTeam.size()) == kTeam) {
        const std::string_view slug = entry.substr(kTeam.size());
        if (!is_github_name(slug, kMaxSlugLength)) return false;
        rule.teams.push_back(lowercase(slug));
        return true;
    }
    if (entry.substr(0, kUser.size()) == kUser) {
        const std::string_view login = entry.substr(kUser.size());
        if (!is_github_name(login, kMaxLoginLength)) return false;
        rule.users.push_back(lowercase(login));
        return true;
    }
    return false;
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string refusal_reason(const Rule& rule) {
    std::string teams;
    for (const std::string& team : rule.teams) {
        if (!teams.empty()) teams += " or ";
        teams += team;
    }
    const std::string not_in_team = "not in team " + teams;
    const std::string not_a_user = "not one of the allowed users";
    if (rule.users.empty()) return not_in_team;
    if (rule.teams.empty()) return not_a_user;
    return not_in_team + " and " + not_a_user;
}

}  // namespace

std::optional<Rule> parse_rule(std::string_view text) {
    Rule rule;
    if (text.empty()) return rule;
    while (true) {
        const std::size_t comma = text.find(',');
        if (!add_entry(text.substr(0, comma), rule)) return std::nullopt;
        if (comma == std::string_view::npos) return rule;
        text.remove_prefix(comma + 1);
    }
}

Decision decide(const Rule& rule, std::string_view login,
                const std::vector<std::string>& user_teams) {
    Decision decision;
    std::vector<std::string> teams;
    for (const std::string& team : user_teams) {
        const std::string slug = lowercase(team);
        if (rule.teams.empty() || contains(rule.teams, slug)) teams.push_back(team);
    }
    const bool any_member = rule.teams.empty() && rule.users.empty();
    const bool in_team = !rule.teams.empty() && !teams.empty();
    const bool listed = contains(rule.users, lowercase(login));
    decision.admitted = any_member || in_team || listed;
    if (decision.admitted) {
        decision.teams = std::move(teams);
    } else {
        decision.reason = refusal_reason(rule);
    }
    return decision;
}

}  // namespace orggate::gate
