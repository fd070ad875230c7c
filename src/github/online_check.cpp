// The three probes of `check-config --online`.
#include "github/online_check.hpp"

#include "github/github_json.hpp"

namespace orggate::github {
namespace {

std::string transport_text(const HttpAnswer& answer) {
    if (answer.transport == Transport::kTimeout) return "timed out: " + answer.transport_detail;
    return "no answer: " + answer.transport_detail;
}

CheckResult answers(HttpClient& http, const std::string& what, const std::string& url) {
    HttpCall call;
    call.url = url;
    call.headers = {{"Accept", "application/vnd.github+json"}};
    const HttpAnswer answer = http.send(call);
    if (answer.transport != Transport::kOk) return {false, what, transport_text(answer)};
    const std::string status = "HTTP " + std::to_string(answer.status);
    return {answer.status < 500, what, status};
}

CheckResult credentials(HttpClient& http, const GitHubSettings& settings) {
    const std::string what = "GitHub knows GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET";
    // A made-up code: GitHub checks the app's credentials before the code.
    const HttpCall call = token_call(settings, {{"code", "orggate-check-config"}});
    const HttpAnswer answer = http.send(call);
    if (answer.transport != Transport::kOk) return {false, what, transport_text(answer)};
    const auto reply = parse_token_reply(answer.body);
    if (!reply) return {false, what, "unexpected answer, HTTP " + std::to_string(answer.status)};
    if (reply->error == "bad_verification_code")
        return {true, what, "the made-up code was refused, the app was not"};
    if (reply->error == "incorrect_client_credentials") {
        return {false, what, "GitHub does not know this client id and secret pair"};
    }
    return {false, what, "GitHub answered " + reply->error};
}

}  // namespace

std::vector<CheckResult> check_github_online(HttpClient& http, const GitHubSettings& settings) {
    return {answers(http, "GitHub answers at " + settings.web_url, settings.web_url + "/"),
            credentials(http, settings),
            answers(http, "GitHub's API answers at " + settings.api_url,
                    settings.api_url + "/rate_limit")};
}

}  // namespace orggate::github
