// The gate check: the location's rule from the path, the user from the session, then decide.
#include "web/gate_check.hpp"

#include <optional>
#include <string_view>

#include "gate/identity_headers.hpp"
#include "gate/rule.hpp"
#include "http/cookie.hpp"

namespace orggate::web {
namespace {

http::Response empty_response(int status) {
    http::Response response;
    response.status = status;
    return response;
}

http::Response refused(std::string_view reason) {
    http::Response response = empty_response(403);
    response.set_header("X-Orggate-Reason", gate::encode_header_value(reason));
    return response;
}

// "/_orggate/check/team:infra" -> "team:infra"; "/_orggate/check" -> "". Anything else after
// the check's path ("/_orggate/checkteam:infra", or "/_orggate/check?team:infra" as nginx
// escapes and orggate decodes it) is no rule at all: nullopt, never "any member".
std::optional<std::string_view> rule_text(std::string_view path) {
    path.remove_prefix(kGateCheckPath.size());
    if (path.empty()) return path;
    if (path.front() != '/') return std::nullopt;
    path.remove_prefix(1);
    return path;
}

// A rule orggate cannot read refuses everyone; the operator hears of each once.
http::Response misconfigured(RequestContext& ctx) {
    const std::string_view path = ctx.request.path;
    if (ctx.app.rule_warnings.first_time(path)) {
        const std::string_view remainder = path.substr(kGateCheckPath.size());
        const std::string_view rule = rule_text(path).value_or(remainder);
        ctx.log(LogLine("gate_rule_invalid").add("rule", rule).add("path", path));
    }
    return refused(gate::kMisconfiguredReason);
}

}  // namespace

http::Response handle_gate_check(RequestContext& ctx) {
    const std::optional<std::string_view> text = rule_text(ctx.request.path);
    const std::optional<gate::Rule> rule = text ? gate::parse_rule(*text) : std::nullopt;
    if (!rule) return misconfigured(ctx);
    const UserProfile* user = ctx.session.user();
    if (user == nullptr) return empty_response(401);
    const gate::Decision decision = gate::decide(*rule, user->login, ctx.session.current().teams);
    if (!decision.admitted) return refused(decision.reason);
    http::Response response = empty_response(204);
    for (auto& [name, value] : gate::identity_headers(*user, decision.teams)) {
        response.set_header(std::move(name), std::move(value));
    }
    std::string cookies =
        http::cookies_without_prefix(ctx.request.cookie_header, kOrggateCookiePrefix);
    if (!cookies.empty()) {
        response.set_header(std::string(kUpstreamCookieHeader), std::move(cookies));
    }
    return response;
}

}  // namespace orggate::web
