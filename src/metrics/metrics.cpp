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
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_[{std::string(route), status}];
}

void Metrics::record_login(std::string_view outcome) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++logins_[std::string(outcome)];
}

void Metrics::record_github_call(std::string_view call, double seconds, bool failed) {
    std::lock_guard<std::mutex> lock(mutex_);
    github_latency_[std::string(call)].observe(seconds);
    if (failed) ++github_errors_[std::string(call)];
}

void Metrics::set_live_sessions(std::size_t count) {
    live_sessions_.store(count, std::memory_order_relaxed);
}

std::string Metrics::render() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string out;
    header(out, "orggate_requests_total", "counter", "Requests answered, by route and status.");
    for (const auto& [key, count] : requests_) {
        out += "orggate_requests_total{route=\"" + key.first + "\",status=\"" +
               std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
    }
    header(out, "orggate_request_duration_seconds", "histogram", "Time to answer a request.");
    out += request_latency_.render("orggate_request_duration_seconds", "");
    header(out, "orggate_logins_total", "counter", "Finished login attempts, by outcome.");
    for (const auto& [outcome, count] : logins_) {
        out += "orggate_logins_total{outcome=\"" + outcome + "\"} " + std::to_string(count) + "\n";
    }
    header(out, "orggate_github_request_duration_seconds", "histogram",
           "Time of calls to GitHub, by call.");
    for (const auto& [call, histogram] : github_latency_) {
        out += histogram.render("orggate_github_request_duration_seconds", "call=\"" + call + "\"");
    }
    header(out, "orggate_github_errors_total", "counter",
           "Calls to GitHub without a usable answer (network, timeout, 5xx), by call.");
    for (const auto& [call, count] : github_errors_) {
        out += "orggate_github_errors_total{call=\"" + call + "\"} " + std::to_string(count) + "\n";
    }
    header(out, "orggate_sessions_live", "gauge", "Session files at the last sweep.");
    out += "orggate_sessions_live " + std::to_string(live_sessions_.load()) + "\n";
    return out;
}

}  // namespace orggate
