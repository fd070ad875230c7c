// Encoding a signed-in user's identity into header values that cannot break a header.
#include "gate/identity_headers.hpp"

#include "http/query.hpp"

namespace orggate::gate {

std::string encode_header_value(std::string_view value) {
    return http::percent_encode(value);
}

Headers identity_headers(const UserProfile& user, const std::vector<std::string>& teams) {
    std::string team_list;
    for (const std::string& team : teams) {
        if (!team_list.empty()) team_list += ',';
        team_list += encode_header_value(team);
    }
    return {
        {"X-Orggate-User", encode_header_value(user.login)},
        {"X-Orggate-User-Id", std::to_string(user.id)},
        {"X-Orggate-Name", encode_header_value(user.name.value_or(user.login))},
        {"X-Orggate-Teams", team_list},
    };
}

}  // namespace orggate::gate
