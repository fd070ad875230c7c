// The content pages (/, /page1, /page2) and the page frame every HTML answer shares.
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

// What every page shows this visitor: the user, the logout form's token, pending flashes
// (taken, so shown once).
PageView page_view(RequestContext& ctx, Page page);
// Renders `page` in the layout for this visitor; shows (and so consumes) pending flashes.
http::Response render_page(RequestContext& ctx, Page page, int status = 200);

http::Response handle_home(RequestContext& ctx);
http::Response handle_page1(RequestContext& ctx);
http::Response handle_page2(RequestContext& ctx);

}  // namespace orggate::web
