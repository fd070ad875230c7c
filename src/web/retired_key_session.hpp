// Ending a session whose GitHub token no configured key opens any more (APP_SECRET_KEY_PREVIOUS
// removed too early, or the key replaced without a rotation).
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

// The visitor's message when such a session ends.
constexpr const char* kKeyRetiredMessage =
    "Your session ended because the sign-in key of this site was changed. Please log in "
    "again.";

// If the session's token was sealed under a key the app no longer has, this request goes on as
// anonymous. Where the request may set cookies (pages, and the gate's sign-in that nginx shows
// after the check's 401), the session is also removed, the visitor told why (a flash) and the
// end logged; the gate check itself only answers 401, so the hot path writes nothing.
void end_if_key_retired(RequestContext& ctx, bool may_set_cookies);

}  // namespace orggate::web
