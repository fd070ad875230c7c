// Handlers of the content pages.
#include "web/pages.hpp"

#include "web/session_keys.hpp"

namespace orggate::web {

PageView page_view(RequestContext& ctx, Page page) {
    PageView view;
    view.page = page;
    view.org = ctx.app.config.github_org;
    view.flashes = ctx.flashes.take();
    view.user = ctx.session.user();
    if (view.user != nullptr) {
        const auto& values = ctx.session.current().values;
        const auto csrf = values.find(kCsrfTokenKey);
        if (csrf != values.end()) view.csrf_token = csrf->second;
    }
    return view;
}

http::Response render_page(RequestContext& ctx, Page page, int status) {
    return http::html_response(status, ctx.app.views.render(page_view(ctx, page)));
}

http::Response handle_home(RequestContext& ctx) {
    return render_page(ctx, Page::kHome);
}

http::Response handle_page1(RequestContext& ctx) {
    return render_page(ctx, Page::kPage1);
}

http::Response handle_page2(RequestContext& ctx) {
    return render_page(ctx, Page::kPage2);
}

}  // namespace orggate::web
