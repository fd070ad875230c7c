// Reading GitHub's ping, organization and membership payloads (RapidJSON); all else is ignored.
#include "webhook/webhook_event.hpp"

#include <optional>

#include <rapidjson/document.h>

#include "http/text.hpp"
#include "json/json_document.hpp"

namespace orggate::webhook {
namespace {

constexpr std::size_t kMaxNameBytes = 100;
constexpr std::size_t kMaxEventNameBytes = 64;
constexpr std::size_t kMaxZenBytes = 200;

// Logins, org logins and team slugs: whatever GitHub allows fits, and none can break a log line.
bool is_plain_name(std::string_view text) {
    if (text.empty() || text.size() > kMaxNameBytes) return false;
    for (const char c : text) {
        if (c <= ' ' || c > '~') return false;
    }
    return true;
}

// Event and action names: GitHub's are all lower-case words joined by '_'.
bool is_event_name(std::string_view text) {
    if (text.empty() || text.size() > kMaxEventNameBytes) return false;
    for (const char c : text) {
        if ((c < 'a' || c > 'z') && c != '_') return false;
    }
    return true;
}

bool is_printable(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) return false;
    }
    return true;
}

const rapidjson::Value* object_member(const rapidjson::Value& object, const char* name) {
    const auto member = object.FindMember(name);
    if (member == object.MemberEnd() || !member->value.IsObject()) return nullptr;
    return &member->value;
}

std::optional<std::string_view> string_member(const rapidjson::Value& object, const char* name) {
    const auto member = object.FindMember(name);
    if (member == object.MemberEnd() || !member->value.IsString()) return std::nullopt;
    return std::string_view(member->value.GetString(), member->value.GetStringLength());
}

std::optional<std::int64_t> positive_member(const rapidjson::Value& object, const char* name) {
    const auto member = object.FindMember(name);
    if (member == object.MemberEnd() || !member->value.IsInt64()) return std::nullopt;
    const std::int64_t value = member->value.GetInt64();
    if (value <= 0) return std::nullopt;
    return value;
}

// A plain-named string member, or empty.
std::string name_member(const rapidjson::Value& object, const char* name) {
    const auto text = string_member(object, name);
    return text && is_plain_name(*text) ? std::string(*text) : std::string();
}

std::string org_login(const rapidjson::Value& payload) {
    const rapidjson::Value* organization = object_member(payload, "organization");
    return organization ? name_member(*organization, "login") : std::string();
}

std::optional<GitHubAccount> account_of(const rapidjson::Value* user) {
    if (user == nullptr) return std::nullopt;
    GitHubAccount account{name_member(*user, "login"), positive_member(*user, "id").value_or(0)};
    if (account.login.empty() || account.id == 0) return std::nullopt;
    return account;
}

WebhookEvent malformed(WebhookEvent event, std::string reason) {
    event.kind = WebhookKind::kMalformed;
    event.reason = std::move(reason);
    return event;
}

WebhookEvent read_ping(WebhookEvent event, const rapidjson::Value& payload) {
    event.kind = WebhookKind::kPing;
    event.hook_id = positive_member(payload, "hook_id").value_or(0);
    const auto zen = string_member(payload, "zen");
    if (zen && zen->size() <= kMaxZenBytes && is_printable(*zen)) event.zen = std::string(*zen);
    return event;
}

// organization: member_removed names the user under membership.user.
WebhookEvent read_organization(WebhookEvent event, const rapidjson::Value& payload) {
    if (event.action != "member_removed") return event;
    if (event.org.empty()) return malformed(std::move(event), "member_removed without an org");
    const rapidjson::Value* membership = object_member(payload, "membership");
    const auto user = account_of(membership ? object_member(*membership, "user") : nullptr);
    if (!user) return malformed(std::move(event), "member_removed without a user login and id");
    event.kind = WebhookKind::kMemberRemoved;
    event.user = *user;
    return event;
}

// membership: removed, scope "team", names the user under member and the team under team; a
// deleted team may come without its slug.
WebhookEvent read_membership(WebhookEvent event, const rapidjson::Value& payload) {
    if (event.action != "removed" || string_member(payload, "scope") != "team") return event;
    if (event.org.empty()) return malformed(std::move(event), "team removal without an org");
    const auto user = account_of(object_member(payload, "member"));
    if (!user) return malformed(std::move(event), "team removal without a user login and id");
    const rapidjson::Value* team = object_member(payload, "team");
    if (team == nullptr) return malformed(std::move(event), "team removal without a team");
    const auto deleted = team->FindMember("deleted");
    event.team_deleted = deleted != team->MemberEnd() && deleted->value.IsTrue();
    event.team_slug = name_member(*team, "slug");
    if (event.team_slug.empty() && !event.team_deleted) {
        return malformed(std::move(event), "team removal without a team slug");
    }
    event.kind = WebhookKind::kTeamMemberRemoved;
    event.user = *user;
    return event;
}

}  // namespace

WebhookEvent parse_webhook_event(std::string_view event_header, std::string_view body) {
    WebhookEvent event;
    const std::string_view name = http::trim_spaces(event_header);
    if (!is_event_name(name)) return malformed(std::move(event), "no usable X-GitHub-Event");
    event.event = std::string(name);

    rapidjson::Document payload;
    if (!parse_json_document(body, kMaxWebhookBodyBytes, payload) || !payload.IsObject()) {
        return malformed(std::move(event), "the body is not one JSON object of at most 1 MB");
    }
    if (const auto action = string_member(payload, "action")) {
        if (!is_event_name(*action)) return malformed(std::move(event), "an unusable action");
        event.action = std::string(*action);
    }
    event.org = org_login(payload);
    event.kind = WebhookKind::kIgnored;
    if (event.event == "ping") return read_ping(std::move(event), payload);
    if (event.event == "organization") return read_organization(std::move(event), payload);
    if (event.event == "membership") return read_membership(std::move(event), payload);
    return event;
}

const char* webhook_kind_name(WebhookKind kind) {
    switch (kind) {
        case WebhookKind::kPing:
            return "ping";
        case WebhookKind::kMemberRemoved:
            return "member_removed";
        case WebhookKind::kTeamMemberRemoved:
            return "team_member_removed";
        case WebhookKind::kIgnored:
            return "ignored";
        case WebhookKind::kMalformed:
            break;
    }
    return "malformed";
}

}  // namespace orggate::webhook
