// An HttpClient that times every call to GitHub and counts the failed ones for /metrics.
#pragma once

#include <string_view>

#include "github/http_client.hpp"
#include "metrics/metrics.hpp"

namespace orggate::github {

class MeteredHttpClient final : public HttpClient {
public:
    MeteredHttpClient(HttpClient& inner, Metrics& metrics) : inner_(inner), metrics_(metrics) {}
    HttpAnswer send(const HttpCall& call) override;

private:
    HttpClient& inner_;
    Metrics& metrics_;
};

// token, user, membership, revoke or other: a label from the URL, never the URL itself.
std::string_view call_name(std::string_view url);

}  // namespace orggate::github
