// Fuzzes parse_webhook_event (input: the X-GitHub-Event value, a newline, the body): whatever it
// names is usable as it stands: a removed user has a plain login and a positive id, a team
// removal a plain slug unless the team was deleted, and only a malformed delivery has a reason.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "webhook/webhook_event.hpp"

using namespace orggate::webhook;

using orggate::fuzz::require;

namespace {

// What the header promises for logins, org logins and slugs.
bool is_plain_name(const std::string& text) {
    if (text.empty() || text.size() > 100) return false;
    for (const char c : text) {
        if (c <= ' ' || c > '~') return false;
    }
    return true;
}

bool is_event_name(const std::string& text) {
    for (const char c : text) {
        if ((c < 'a' || c > 'z') && c != '_') return false;
    }
    return true;
}

bool has_control_character(const std::string& text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) return true;
    }
    return false;
}

void check_removal(const WebhookEvent& event) {
    require(is_plain_name(event.user.login), "a removed user's login is plain and not empty");
    require(event.user.id > 0, "a removed user's id is positive");
    require(is_plain_name(event.org), "a removal names its org");
    if (event.kind == WebhookKind::kTeamMemberRemoved) {
        require(is_plain_name(event.team_slug) || (event.team_slug.empty() && event.team_deleted),
                "a team removal names its team unless the team was deleted");
        require(event.action == "removed", "a team removal's action is removed");
        require(event.event == "membership", "a team removal is a membership event");
    } else {
        require(event.action == "member_removed", "an org removal's action is member_removed");
        require(event.event == "organization", "an org removal is an organization event");
    }
}

bool same_event(const WebhookEvent& a, const WebhookEvent& b) {
    return a.kind == b.kind && a.event == b.event && a.action == b.action && a.org == b.org &&
           a.user.login == b.user.login && a.user.id == b.user.id && a.team_slug == b.team_slug &&
           a.team_deleted == b.team_deleted && a.hook_id == b.hook_id && a.zen == b.zen &&
           a.reason == b.reason;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view header = input.substr(0, newline);
    const std::string_view body =
        newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

    const WebhookEvent event = parse_webhook_event(header, body);
    require((event.kind == WebhookKind::kMalformed) == !event.reason.empty(),
            "a reason is given exactly when the delivery is malformed");
    require(is_event_name(event.event) && is_event_name(event.action),
            "event and action names are lower-case words");
    require(event.org.empty() || is_plain_name(event.org), "an org login is plain");
    require(!has_control_character(event.zen), "the zen has no control characters");
    require(event.hook_id >= 0, "a hook id is never negative");
    if (event.kind == WebhookKind::kMemberRemoved || event.kind == WebhookKind::kTeamMemberRemoved)
        check_removal(event);
    if (event.kind == WebhookKind::kPing) require(event.event == "ping", "only a ping is a ping");
    if (event.kind != WebhookKind::kMalformed) require(!event.event.empty(), "an event is named");
    require(same_event(event, parse_webhook_event(header, body)), "parsing is deterministic");
    return 0;
}
