// A session sealed under a retired key: anonymous for the gate check, ended with a message for
// the pages.
#include "web/retired_key_session.hpp"

#include "web/ended_session.hpp"
#include "web/sealed_token.hpp"

namespace orggate::web {

void end_if_key_retired(RequestContext& ctx, bool may_set_cookies) {
    const UserProfile* user = ctx.session.user();
    if (user == nullptr) return;
    if (token_key(ctx.session.current(), ctx.app.token_box) != TokenKey::kRetired) return;
    if (may_set_cookies) {
        ctx.log(LogLine("session_ended").add("reason", "key_retired").add("user", user->login));
        ctx.app.metrics.record_sessions_ended("key_retired", 1);
    }
    end_with_message(ctx, may_set_cookies, kKeyRetiredMessage);
}

}  // namespace orggate::web
