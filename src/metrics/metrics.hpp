// Counters and histograms for /metrics, rendered in the Prometheus text format.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/label_rows.hpp"

namespace orggate {

// Cumulative buckets in seconds; lock-free to observe.
class Histogram {
public:
    static constexpr std::array<double, 11> kBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                    0.05,   0.1,   0.25,   1,     10};
    void observe(double seconds);
    // Lines `NAME_bucket{LABELS,le="…"} N`, `NAME_sum{LABELS} S`, `NAME_count{LABELS} N`.
    std::string render(std::string_view name, std::string_view labels) const;
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

private:
    std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> sum_micros_{0};
    std::atomic<std::uint64_t> count_{0};
};

// All of orggate's metrics. One instance, made in main and passed to who records. Recording
// takes no lock and allocates nothing: every request records, on every worker at once.
class Metrics {
public:
    // `route` is a route table path or "unmatched", so labels stay few.
    void record_request(std::string_view route, int status, double seconds);
    // ok, denied, not_member, pending, app_restricted, saml, bad_state, error, busy,
    // ended_meanwhile
    void record_login(std::string_view outcome);
    // `call` is token, user, membership, revoke or other; `failed`: no usable answer.
    void record_github_call(std::string_view call, double seconds, bool failed);
    void set_live_sessions(std::size_t count);
    // Issue 10. A background membership re-check's answer: recheck_outcome_name().
    void record_recheck(std::string_view outcome);
    // Sessions ended from outside a browser, by end_reason_name() or "key_retired": `count`
    // sessions at once (all of one user's).
    void record_sessions_ended(std::string_view reason, std::size_t count);
    // A webhook delivery, by what came of it: "ping", "member_removed", "ignored",
    // "bad_signature"...
    void record_webhook(std::string_view result);

    std::string render() const;

private:
    // HTTP's statuses; anything else would be a bug, counted as a 500 so it still shows.
    static constexpr int kFirstStatus = 100;
    static constexpr int kLastStatus = 599;
    using StatusCounts = std::array<std::atomic<std::uint64_t>, kLastStatus - kFirstStatus + 1>;
    struct GitHubCall {
        Histogram latency;
        std::atomic<std::uint64_t> errors{0};
    };
    // Rows to spare beyond today's 13 route paths, 10 login outcomes and 5 GitHub calls; more
    // share the fallback row.
    LabelRows<StatusCounts, 32> requests_{"unmatched"};
    LabelRows<std::atomic<std::uint64_t>, 16> logins_{"other"};
    LabelRows<GitHubCall, 8> github_{"other"};
    LabelRows<std::atomic<std::uint64_t>, 16> rechecks_{"other"};
    LabelRows<std::atomic<std::uint64_t>, 16> sessions_ended_{"other"};
    LabelRows<std::atomic<std::uint64_t>, 16> webhooks_{"other"};
    Histogram request_latency_;
    std::atomic<std::uint64_t> live_sessions_{0};
};

}  // namespace orggate
