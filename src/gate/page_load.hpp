// Telling a browser's page load from a script's request, to redirect only the former.
#pragma once

#include <string_view>

#include "http/request.hpp"

namespace orggate::gate {

// A GET or HEAD with Sec-Fetch-Mode absent or "navigate", no X-Requested-With, and an Accept
// that does not prefer JSON over HTML. A script would follow a redirect to GitHub's login page
// and choke on its HTML; it gets a plain 401 or 403 instead.
bool is_page_load(const http::Request& request);

// True when `accept` ranks application/json (or any +json type) above text/html.
bool prefers_json(std::string_view accept);

}  // namespace orggate::gate
