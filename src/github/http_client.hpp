// Outgoing HTTP, as an interface: libcurl in production, scripted answers in unit tests.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orggate::github {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpCall {
    std::string method = "GET";
    std::string url;
    Headers headers;
    std::string body;
    // HTTP Basic credentials, when set (the app's own id and secret for token revocation).
    std::string basic_user;
    std::string basic_password;
    // When set, the call gives up at this moment, whatever time is left of its own timeout:
    // one login's calls share one deadline.
    std::chrono::steady_clock::time_point deadline{};
};

enum class Transport { kOk, kUnreachable, kTimeout, kFailed };

struct HttpAnswer {
    Transport transport = Transport::kOk;
    std::string transport_detail;  // for the log: libcurl's description
    int status = 0;
    Headers headers;  // names lower-cased
    std::string body;

    // The first header of that (lower-case) name, or empty.
    std::string header(std::string_view name) const;
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    // Never throws for network trouble: it is reported in `transport`.
    virtual HttpAnswer send(const HttpCall& call) = 0;
};

}  // namespace orggate::github
