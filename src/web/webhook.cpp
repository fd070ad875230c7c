// The webhook's guard clauses (secret, signature, event, org) and what each event does.
#include "web/webhook.hpp"

#include "http/text.hpp"
#include "recheck/end_reason.hpp"
#include "web/pages.hpp"
#include "webhook/webhook_event.hpp"
#include "webhook/webhook_signature.hpp"

namespace orggate::web {
namespace {

using webhook::WebhookEvent;
using webhook::WebhookKind;

// GitHub shows the status and body of each delivery on the hook's page: a sentence says why.
http::Response plain(int status, std::string body) {
    http::Response response;
    response.status = status;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    response.body = std::move(body);
    return response;
}

LogLine webhook_line(const RequestContext& ctx, const char* result) {
    LogLine line("webhook");
    line.add("result", result);
    if (!ctx.request.github_event.empty()) line.add("event", ctx.request.github_event);
    if (!ctx.request.github_delivery.empty()) line.add("delivery", ctx.request.github_delivery);
    return line;
}

http::Response refuse_signature(RequestContext& ctx, webhook::SignatureCheck check) {
    ctx.app.metrics.record_webhook("bad_signature");
    ctx.log(webhook_line(ctx, "bad_signature").add("signature", signature_check_name(check)));
    return plain(401, "The X-Hub-Signature-256 header does not sign this body with the secret.\n");
}

http::Response end_member(RequestContext& ctx, const WebhookEvent& event) {
    const std::string reason =
        recheck::access_ended_message(recheck::EndReason::kNotMember, ctx.app.config.github_org);
    const std::size_t ended = ctx.app.store.end_sessions_of(event.user.id, reason);
    ctx.app.metrics.record_webhook("member_removed");
    ctx.app.metrics.record_sessions_ended(recheck::end_reason_name(recheck::EndReason::kNotMember),
                                          ended);
    ctx.log(webhook_line(ctx, "member_removed")
                .add("user", event.user.login)
                .add("sessions_ended", static_cast<std::int64_t>(ended)));
    return plain(204, "");
}

// The team leaves each of the user's sessions that has it, now (its locations answer 403 on the
// next request); the re-check then asks GitHub for the whole list, which also covers a deleted
// team whose slug the event leaves out.
http::Response drop_team(RequestContext& ctx, const WebhookEvent& event) {
    const std::size_t changed =
        event.team_slug.empty() ? 0 : ctx.app.store.drop_team_of(event.user.id, event.team_slug);
    if (ctx.app.recheck_soon) ctx.app.recheck_soon({event.user.id, event.user.login});
    ctx.app.metrics.record_webhook("team_member_removed");
    ctx.log(webhook_line(ctx, "team_member_removed")
                .add("user", event.user.login)
                .add("team", event.team_slug.empty() ? "(deleted)" : event.team_slug)
                .add("sessions_changed", static_cast<std::int64_t>(changed)));
    return plain(204, "");
}

http::Response ignore(RequestContext& ctx, const WebhookEvent& event, const char* why) {
    ctx.app.metrics.record_webhook("ignored");
    LogLine line = webhook_line(ctx, "ignored");
    if (!event.action.empty()) line.add("action", event.action);
    ctx.log(line.add("why", why));
    return plain(202, std::string("Nothing to do: ") + why + ".\n");
}

}  // namespace

http::Response handle_webhook(RequestContext& ctx) {
    const std::string& secret = ctx.app.config.webhook_secret;
    if (secret.empty()) return render_page(ctx, Page::kNotFound, 404);
    if (ctx.request.method != "POST") {
        http::Response response = render_page(ctx, Page::kMethodNotAllowed, 405);
        response.set_header("Allow", "POST");
        return response;
    }
    const auto signature =
        webhook::check_webhook_signature(secret, ctx.request.body, ctx.request.hub_signature_256);
    if (signature != webhook::SignatureCheck::kValid) return refuse_signature(ctx, signature);

    const WebhookEvent event =
        webhook::parse_webhook_event(ctx.request.github_event, ctx.request.body);
    if (event.kind == WebhookKind::kMalformed) {
        ctx.app.metrics.record_webhook("malformed");
        ctx.log(webhook_line(ctx, "malformed").add("why", event.reason));
        return plain(400, "Unreadable delivery: " + event.reason + ".\n");
    }
    if (event.kind == WebhookKind::kPing) {
        ctx.app.metrics.record_webhook("ping");
        ctx.log(webhook_line(ctx, "ping").add("hook_id", event.hook_id));
        return plain(200, "pong: orggate will end removed members' sessions.\n");
    }
    // GitHub logins ignore case: "Octo-Org" in the payload is GITHUB_ORG "octo-org".
    if (!http::equals_ignoring_case(event.org, ctx.app.config.github_org)) {
        return ignore(ctx, event, "another organization");
    }
    if (event.kind == WebhookKind::kMemberRemoved) return end_member(ctx, event);
    if (event.kind == WebhookKind::kTeamMemberRemoved) return drop_team(ctx, event);
    return ignore(ctx, event, "not a removal");
}

}  // namespace orggate::web
