// Timing and classifying calls to GitHub.
#include "github/metered_http_client.hpp"

#include <chrono>

namespace orggate::github {

std::string_view call_name(std::string_view url) {
    const auto has = [&](std::string_view part) {
        return url.find(part) != std::string_view::npos;
    };
    if (has("/login/oauth/access_token")) return "token";
    if (has("/user/memberships/orgs/")) return "membership";
    if (has("/applications/")) return "revoke";
    if (has("/user/teams")) return "teams";
    const auto query = url.find('?');
    const std::string_view path = url.substr(0, query);
    if (path.size() >= 5 && path.substr(path.size() - 5) == "/user") return "user";
    return "other";
}

HttpAnswer MeteredHttpClient::send(const HttpCall& call) {
    const auto started = std::chrono::steady_clock::now();
    HttpAnswer answer = inner_.send(call);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    const bool failed = answer.transport != Transport::kOk || answer.status >= 500;
    metrics_.record_github_call(call_name(call.url), took.count(), failed);
    return answer;
}

}  // namespace orggate::github
