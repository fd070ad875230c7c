// An HttpClient that records every call and answers from a script, for GitHub client tests.
#pragma once

#include <deque>
#include <mutex>
#include <vector>

#include "github/http_client.hpp"

namespace orggate::testing {

class FakeHttpClient final : public github::HttpClient {
public:
    // Queues the next answer; calls beyond the script get `fallback`.
    void answer(int status, std::string body, github::Headers headers = {}) {
        github::HttpAnswer next;
        next.status = status;
        next.body = std::move(body);
        next.headers = std::move(headers);
        script.push_back(std::move(next));
    }
    void fail(github::Transport transport, std::string detail) {
        github::HttpAnswer next;
        next.transport = transport;
        next.transport_detail = std::move(detail);
        script.push_back(std::move(next));
    }

    github::HttpAnswer send(const github::HttpCall& call) override {
        std::lock_guard<std::mutex> lock(mutex_);
        calls.push_back(call);
        if (script.empty()) return fallback;
        github::HttpAnswer next = std::move(script.front());
        script.pop_front();
        return next;
    }

    // The value of a request header of the call (exact name), or empty.
    static std::string header(const github::HttpCall& call, const std::string& name) {
        for (const auto& [key, value] : call.headers) {
            if (key == name) return value;
        }
        return {};
    }

    std::deque<github::HttpAnswer> script;
    std::vector<github::HttpCall> calls;
    github::HttpAnswer fallback{github::Transport::kUnreachable, "no scripted answer", 0, {}, {}};

private:
    std::mutex mutex_;
};

}  // namespace orggate::testing
