// Fuzzes GitHub's JSON answers: a reply holds a token or an error; revocation_body round-trips;
// a teams page gives non-empty slugs and logins, and only the org's are kept.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "github/github_json.hpp"
#include "github/team_json.hpp"
#include "github/user_teams.hpp"

using namespace orggate::github;

using orggate::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);

    const std::optional<TokenReply> reply = parse_token_reply(body);
    if (reply) {
        require(!reply->access_token.empty() || !reply->error.empty(),
                "a token reply holds a token or an error");
    }
    const std::optional<std::string> state = parse_membership_state(body);
    if (state) require(!state->empty(), "a membership state is never empty");
    if (const auto teams = parse_teams_page(body)) {
        for (const ListedTeam& team : *teams)
            require(!team.slug.empty() && !team.org_login.empty(), "a listed team names both");
        const auto kept = org_team_slugs(*teams, "octo-org");
        require(kept.size() <= teams->size(), "keeping the org's teams adds none");
    }
    // Error bodies are only logged and shown: no crash, no leak, is all there is to check.
    parse_error_message(body);

    // Any bytes as a token: the revocation request must carry exactly that token.
    if (!body.empty()) {
        const std::optional<TokenReply> revoked = parse_token_reply(revocation_body(body));
        require(revoked.has_value() && revoked->access_token == body,
                "revocation_body(token) reads back as that token");
    }
    return 0;
}
