// A session ended with a sentence: anonymous at once, the sentence shown on the next page.
#include "web/ended_session.hpp"

namespace orggate::web {

void end_with_message(RequestContext& ctx, bool may_set_cookies, const std::string& message) {
    if (!may_set_cookies) return ctx.session.treat_as_anonymous();
    ctx.session.destroy();
    ctx.flash("message", message);
}

// Whoever ended it logged why; here the visitor is only told.
void end_if_ended_elsewhere(RequestContext& ctx, bool may_set_cookies) {
    const std::string ended = ctx.session.current().ended;
    if (ended.empty()) return;
    end_with_message(ctx, may_set_cookies, ended);
}

}  // namespace orggate::web
