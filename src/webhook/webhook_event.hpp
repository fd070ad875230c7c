// What a signed GitHub webhook delivery asks of orggate: read from X-GitHub-Event and the body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace orggate::webhook {

// Membership events are a few kilobytes; GitHub caps any payload at 25 MB. The HTTP edge
// refuses a bigger body before it is read; this bound is the parser's own, whatever the edge.
constexpr std::size_t kMaxWebhookBodyBytes = 1024 * 1024;

enum class WebhookKind {
    kPing,               // the hook was just set up: answer 200; hook_id and zen for the log
    kMemberRemoved,      // "organization", action "member_removed": end all of user's sessions
    kTeamMemberRemoved,  // "membership", action "removed", scope "team": user left team_slug
    kIgnored,            // well formed, nothing to do (member_added, push, ...): answer 202
    kMalformed,          // unreadable or missing what its kind needs: answer 400; reason says why
};

struct GitHubAccount {
    std::string login;
    std::int64_t id = 0;  // GitHub's numeric user id: logins can be renamed, ids cannot
};

struct WebhookEvent {
    WebhookKind kind = WebhookKind::kMalformed;
    std::string event;   // X-GitHub-Event (empty only when malformed for lack of it)
    std::string action;  // the payload's "action", when it has one
    // organization.login as GitHub spells it. The caller compares it with GITHUB_ORG ignoring
    // letter case (logins are case-insensitive) and ignores events of any other org.
    std::string org;
    GitHubAccount user;     // kMemberRemoved, kTeamMemberRemoved
    std::string team_slug;  // kTeamMemberRemoved; empty when the team itself was deleted
    bool team_deleted = false;
    std::int64_t hook_id = 0;  // kPing, when GitHub sent one
    std::string zen;           // kPing, when printable
    std::string reason;        // kMalformed: for the log and the 400 answer; never a secret
};

// Reads one delivery whose signature has already been checked. Every string it returns other
// than `reason` and `zen` is 1 to 100 printable ASCII characters without spaces, or empty; a
// user's id is positive. The event and action names are lower-case letters and '_'.
// Never throws on bad input.
WebhookEvent parse_webhook_event(std::string_view event_header, std::string_view body);

// "ping", "member_removed", "team_member_removed", "ignored", "malformed": for logs, metrics.
const char* webhook_kind_name(WebhookKind kind);

}  // namespace orggate::webhook
