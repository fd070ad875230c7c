// Recording and rendering metrics (Prometheus text exposition format 0.0.4).
#include "metrics/metrics.hpp"

#include <cstdio>

namespace orggate {
namespace {

std::string format_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

std::string join_labels(std::string_view labels, std::string_view extra) {
    if (labels.empty()) return "{" + std::string(extra) + "}";
    if (extra.empty()) return "{" + std::string(labels) + "}";
    return "{" + std::string(labels) + "," + std::string(extra) + "}";
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n";
    out += std::string("# TYPE ") + name + " " + type + "\n";
}

// One counter family with one label, its recorded rows only.
template <typename Rows>
void counters(std::string& out, const char* name, const char* label, const char* help,
              const Rows& rows) {
    header(out, name, "counter", help);
    for (const auto& [value, counter] : rows.sorted()) {
        const std::uint64_t count = counter->load(std::memory_order_relaxed);
        if (count == 0) continue;
        out += std::string(name) + "{" + label + "=\"" + std::string(value) + "\"} " +
               std::to_string(count) + "\n";
    }
}

}  // namespace

void Histogram::observe(double seconds) {
    std::size_t bucket = 0;
    while (bucket < kBounds.size() && seconds > kBounds[bucket])
        ++bucket;
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
    sum_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
}

std::string Histogram::render(std::string_view name, std::string_view labels) const {
    std::string out;
    std::uint64_t cumulative = 0;
    const std::string base(name);
    for (std::size_t i = 0; i <= kBounds.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        const std::string le = i < kBounds.size() ? format_number(kBounds[i]) : "+Inf";
        out += base + "_bucket" + join_labels(labels, "le=\"" + le + "\"") + " " +
               std::to_string(cumulative) + "\n";
    }
    const std::string plain = labels.empty() ? "" : "{" + std::string(labels) + "}";
    out += base + "_sum" + plain + " " +
           format_number(static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6) +
           "\n";
    out += base + "_count" + plain + " " + std::to_string(count_.load(std::memory_order_relaxed)) +
           "\n";
    return out;
}

void Metrics::record_request(std::string_view route, int status, double seconds) {
    request_latency_.observe(seconds);
    if (status < kFirstStatus || status > kLastStatus) status = 500;
    requests_.row(route)[status - kFirstStatus].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::record_login(std::string_view outcome) {
    logins_.row(outcome).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::record_github_call(std::string_view call, double seconds, bool failed) {
    GitHubCall& row = github_.row(call);
    row.latency.observe(seconds);
    if (failed) row.errors.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::set_live_sessions(std::size_t count) {
    live_sessions_.store(count, std::memory_order_relaxed);
}

void Metrics::record_recheck(std::string_view outcome) {
    rechecks_.row(outcome).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::record_sessions_ended(std::string_view reason, std::size_t count) {
    sessions_ended_.row(reason).fetch_add(count, std::memory_order_relaxed);
}

void Metrics::record_webhook(std::string_view result) {
    webhooks_.row(result).fetch_add(1, std::memory_order_relaxed);
}

// Only series that were recorded appear, as when these were maps: a row's label is claimed on
// first use, a count can be zero only for a status or an error never seen.
std::string Metrics::render() const {
    std::string out;
    header(out, "orggate_requests_total", "counter", "Requests answered, by route and status.");
    for (const auto& [route, statuses] : requests_.sorted()) {
        for (std::size_t i = 0; i < statuses->size(); ++i) {
            const std::uint64_t count = (*statuses)[i].load(std::memory_order_relaxed);
            if (count == 0) continue;
            out += "orggate_requests_total{route=\"" + std::string(route) + "\",status=\"" +
                   std::to_string(kFirstStatus + static_cast<int>(i)) + "\"} " +
                   std::to_string(count) + "\n";
        }
    }
    header(out, "orggate_request_duration_seconds", "histogram", "Time to answer a request.");
    out += request_latency_.render("orggate_request_duration_seconds", "");
    header(out, "orggate_logins_total", "counter", "Finished login attempts, by outcome.");
    for (const auto& [outcome, counter] : logins_.sorted()) {
        const std::uint64_t count = counter->load(std::memory_order_relaxed);
        if (count == 0) continue;
        out += "orggate_logins_total{outcome=\"" + std::string(outcome) + "\"} " +
               std::to_string(count) + "\n";
    }
    const auto calls = github_.sorted();
    header(out, "orggate_github_request_duration_seconds", "histogram",
           "Time of calls to GitHub, by call.");
    for (const auto& [call, row] : calls) {
        if (row->latency.count() == 0) continue;
        out += row->latency.render("orggate_github_request_duration_seconds",
                                   "call=\"" + std::string(call) + "\"");
    }
    header(out, "orggate_github_errors_total", "counter",
           "Calls to GitHub without a usable answer (network, timeout, 5xx), by call.");
    for (const auto& [call, row] : calls) {
        const std::uint64_t count = row->errors.load(std::memory_order_relaxed);
        if (count == 0) continue;
        out += "orggate_github_errors_total{call=\"" + std::string(call) + "\"} " +
               std::to_string(count) + "\n";
    }
    header(out, "orggate_sessions_live", "gauge", "Session files at the last sweep.");
    out += "orggate_sessions_live " + std::to_string(live_sessions_.load()) + "\n";
    counters(out, "orggate_rechecks_total", "outcome",
             "Background membership re-checks, by GitHub's answer.", rechecks_);
    counters(out, "orggate_sessions_ended_total", "reason",
             "Sessions ended from outside the browser (re-check, webhook, retired key), by reason.",
             sessions_ended_);
    counters(out, "orggate_webhooks_total", "result", "Webhook deliveries, by what came of them.",
             webhooks_);
    return out;
}

}  // namespace orggate
