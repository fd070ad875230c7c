// HttpClient over libcurl (the only libcurl code): TLS verified, timeouts, reused connections.
#pragma once

#include <chrono>
#include <string>

#include "github/http_client.hpp"

namespace orggate::github {

struct CurlSettings {
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds total_timeout{10000};
    std::string user_agent;
};

// Each thread keeps its own curl handle, so connections (and TLS sessions) to GitHub are
// reused across the requests that thread serves, with no lock between threads.
class CurlHttpClient final : public HttpClient {
public:
    explicit CurlHttpClient(CurlSettings settings);
    HttpAnswer send(const HttpCall& call) override;

    // curl_global_init/cleanup, once per process, from main.
    struct GlobalInit {
        GlobalInit();
        ~GlobalInit();
    };

private:
    CurlSettings settings_;
};

}  // namespace orggate::github
