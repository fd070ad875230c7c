// POST /logout/everywhere: ends every session of the user, this one included.
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

// What the user's other browsers read on their next page.
constexpr const char* kLoggedOutEverywhereMessage =
    "You were logged out: \"Log out everywhere\" was used for your account.";

// CSRF-protected like the logout. Every other session of the user is ended with
// kLoggedOutEverywhereMessage (session store's end_sessions_of), this one is removed, and the
// GitHub token of each is revoked, best effort.
http::Response handle_logout_everywhere(RequestContext& ctx);

}  // namespace orggate::web
