// A POST must carry the session's CSRF token, so no other site can make a browser send it.
#include "web/csrf_check.hpp"

#include "crypto/digest.hpp"
#include "http/query.hpp"
#include "web/session_keys.hpp"

namespace orggate::web {

bool has_valid_csrf_token(const RequestContext& ctx) {
    const auto& values = ctx.session.current().values;
    const auto expected = values.find(kCsrfTokenKey);
    if (expected == values.end() || expected->second.empty()) return false;
    const auto sent = http::find_param(http::parse_params(ctx.request.body), "csrf_token");
    return sent && crypto::constant_time_equal(*sent, expected->second);
}

}  // namespace orggate::web
