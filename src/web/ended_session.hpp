// Ending this request's session with a sentence for the visitor: a session ended from outside
// (re-check, webhook, `orggate sessions end`, "log out everywhere"), or one whose key is gone.
#pragma once

#include <string>

#include "web/request_context.hpp"

namespace orggate::web {

// This request goes on as anonymous. Where it may set cookies (pages, and the gate's sign-in
// that nginx shows after the check's 401), the session is also removed and `message` shown once
// (a flash); the gate check only goes on as anonymous (a 401), so the hot path writes nothing
// and the record waits for the next page.
void end_with_message(RequestContext& ctx, bool may_set_cookies, const std::string& message);

// If the session was ended from outside (Session::ended), ends it here with its sentence.
void end_if_ended_elsewhere(RequestContext& ctx, bool may_set_cookies);

}  // namespace orggate::web
