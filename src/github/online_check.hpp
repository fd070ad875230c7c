// `check-config --online`: does GitHub answer, and does it know our client id and secret?
#pragma once

#include <string>
#include <vector>

#include "github/github_client.hpp"
#include "github/http_client.hpp"

namespace orggate::github {

struct CheckResult {
    bool passed = false;
    std::string what;    // "GitHub web answers at https://github.com"
    std::string detail;  // why not, or what was seen
};

// Three calls: GITHUB_URL answers; the token endpoint, given a made-up code, says the code is
// bad (so the client id and secret are right) rather than that the credentials are; the API
// answers. Tells a wrong client id from a network problem before going live.
std::vector<CheckResult> check_github_online(HttpClient& http, const GitHubSettings& settings);

}  // namespace orggate::github
