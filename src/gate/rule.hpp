// A protected location's rule (the path after /_orggate/check/) and who it admits.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orggate::gate {

// Any-of: a listed team's member or a listed login. Both empty: any active member of the org,
// which every session already is. Names are kept lowercased (GitHub ignores their case).
struct Rule {
    std::vector<std::string> teams;
    std::vector<std::string> users;
};

// "team:infra,user:alice" -> the rule; nullopt for anything else (an unknown kind, an empty
// entry, a name with characters GitHub does not allow), so a typo refuses everyone.
std::optional<Rule> parse_rule(std::string_view text);

struct Decision {
    bool admitted = false;
    // Admitted: the user's teams the rule names, or all of them for a rule without teams.
    std::vector<std::string> teams;
    // Refused: what the denied page and the X-Orggate-Reason header say.
    std::string reason;
};

// `login` is the user's GitHub login, `user_teams` the org team slugs kept in the session.
Decision decide(const Rule& rule, std::string_view login,
                const std::vector<std::string>& user_teams);

// The reason given for every request under a rule that does not parse.
constexpr const char* kMisconfiguredReason = "this location's rule is misconfigured";

}  // namespace orggate::gate
