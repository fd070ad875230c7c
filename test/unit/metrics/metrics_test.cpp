// /metrics text: Prometheus exposition format, cumulative buckets, bounded labels.
#include "metrics/metrics.hpp"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

#include "github/metered_http_client.hpp"

using orggate::Histogram;
using orggate::Metrics;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t found = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++found;
    return found;
}

// What /metrics said for this traffic before recording became lock-free, byte for byte.
const char* const kRenderedBefore =
    R"(# HELP orggate_requests_total Requests answered, by route and status.
# TYPE orggate_requests_total counter
orggate_requests_total{route="/",status="200"} 1
orggate_requests_total{route="/",status="302"} 1
orggate_requests_total{route="/healthz",status="503"} 1
orggate_requests_total{route="/login/authorized",status="302"} 1
orggate_requests_total{route="/logout",status="405"} 1
orggate_requests_total{route="/page1",status="200"} 2
orggate_requests_total{route="/page1",status="302"} 1
orggate_requests_total{route="unmatched",status="404"} 1
# HELP orggate_request_duration_seconds Time to answer a request.
# TYPE orggate_request_duration_seconds histogram
orggate_request_duration_seconds_bucket{le="0.0005"} 3
orggate_request_duration_seconds_bucket{le="0.001"} 5
orggate_request_duration_seconds_bucket{le="0.0025"} 6
orggate_request_duration_seconds_bucket{le="0.005"} 6
orggate_request_duration_seconds_bucket{le="0.01"} 6
orggate_request_duration_seconds_bucket{le="0.025"} 6
orggate_request_duration_seconds_bucket{le="0.05"} 7
orggate_request_duration_seconds_bucket{le="0.1"} 7
orggate_request_duration_seconds_bucket{le="0.25"} 7
orggate_request_duration_seconds_bucket{le="1"} 8
orggate_request_duration_seconds_bucket{le="10"} 9
orggate_request_duration_seconds_bucket{le="+Inf"} 9
orggate_request_duration_seconds_sum 2.4345
orggate_request_duration_seconds_count 9
# HELP orggate_logins_total Finished login attempts, by outcome.
# TYPE orggate_logins_total counter
orggate_logins_total{outcome="busy"} 1
orggate_logins_total{outcome="not_member"} 1
orggate_logins_total{outcome="ok"} 2
# HELP orggate_github_request_duration_seconds Time of calls to GitHub, by call.
# TYPE orggate_github_request_duration_seconds histogram
orggate_github_request_duration_seconds_bucket{call="membership",le="0.0005"} 0
orggate_github_request_duration_seconds_bucket{call="membership",le="0.001"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="0.0025"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="0.005"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="0.01"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="0.025"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="0.05"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="0.1"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="0.25"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="1"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="10"} 1
orggate_github_request_duration_seconds_bucket{call="membership",le="+Inf"} 1
orggate_github_request_duration_seconds_sum{call="membership"} 0.001
orggate_github_request_duration_seconds_count{call="membership"} 1
orggate_github_request_duration_seconds_bucket{call="token",le="0.0005"} 0
orggate_github_request_duration_seconds_bucket{call="token",le="0.001"} 0
orggate_github_request_duration_seconds_bucket{call="token",le="0.0025"} 0
orggate_github_request_duration_seconds_bucket{call="token",le="0.005"} 0
orggate_github_request_duration_seconds_bucket{call="token",le="0.01"} 0
orggate_github_request_duration_seconds_bucket{call="token",le="0.025"} 0
orggate_github_request_duration_seconds_bucket{call="token",le="0.05"} 0
orggate_github_request_duration_seconds_bucket{call="token",le="0.1"} 0
orggate_github_request_duration_seconds_bucket{call="token",le="0.25"} 1
orggate_github_request_duration_seconds_bucket{call="token",le="1"} 1
orggate_github_request_duration_seconds_bucket{call="token",le="10"} 1
orggate_github_request_duration_seconds_bucket{call="token",le="+Inf"} 2
orggate_github_request_duration_seconds_sum{call="token"} 12.2
orggate_github_request_duration_seconds_count{call="token"} 2
orggate_github_request_duration_seconds_bucket{call="user",le="0.0005"} 0
orggate_github_request_duration_seconds_bucket{call="user",le="0.001"} 0
orggate_github_request_duration_seconds_bucket{call="user",le="0.0025"} 0
orggate_github_request_duration_seconds_bucket{call="user",le="0.005"} 0
orggate_github_request_duration_seconds_bucket{call="user",le="0.01"} 0
orggate_github_request_duration_seconds_bucket{call="user",le="0.025"} 0
orggate_github_request_duration_seconds_bucket{call="user",le="0.05"} 1
orggate_github_request_duration_seconds_bucket{call="user",le="0.1"} 1
orggate_github_request_duration_seconds_bucket{call="user",le="0.25"} 1
orggate_github_request_duration_seconds_bucket{call="user",le="1"} 1
orggate_github_request_duration_seconds_bucket{call="user",le="10"} 1
orggate_github_request_duration_seconds_bucket{call="user",le="+Inf"} 1
orggate_github_request_duration_seconds_sum{call="user"} 0.05
orggate_github_request_duration_seconds_count{call="user"} 1
# HELP orggate_github_errors_total Calls to GitHub without a usable answer (network, timeout, 5xx), by call.
# TYPE orggate_github_errors_total counter
orggate_github_errors_total{call="membership"} 1
orggate_github_errors_total{call="token"} 1
# HELP orggate_sessions_live Session files at the last sweep.
# TYPE orggate_sessions_live gauge
orggate_sessions_live 7
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(requests_are_counted_by_route_and_status) {
    Metrics metrics;
    metrics.record_request("/", 200, 0.001);
    metrics.record_request("/", 200, 0.002);
    metrics.record_request("unmatched", 404, 0.001);
    const std::string text = metrics.render();
    BOOST_TEST(contains(text, "# TYPE orggate_requests_total counter\n"));
    BOOST_TEST(contains(text, "orggate_requests_total{route=\"/\",status=\"200\"} 2\n"));
    BOOST_TEST(contains(text, "orggate_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
    BOOST_TEST(contains(text, "orggate_request_duration_seconds_count 3\n"));
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative_and_end_in_inf) {
    Histogram histogram;
    histogram.observe(0.0004);
    histogram.observe(0.003);
    histogram.observe(99);
    const std::string text = histogram.render("x", "call=\"user\"");
    BOOST_TEST(contains(text, "x_bucket{call=\"user\",le=\"0.0005\"} 1\n"));
    BOOST_TEST(contains(text, "x_bucket{call=\"user\",le=\"0.005\"} 2\n"));
    BOOST_TEST(contains(text, "x_bucket{call=\"user\",le=\"10\"} 2\n"));
    BOOST_TEST(contains(text, "x_bucket{call=\"user\",le=\"+Inf\"} 3\n"));
    BOOST_TEST(contains(text, "x_count{call=\"user\"} 3\n"));
    BOOST_TEST(contains(text, "x_sum{call=\"user\"} 99.0034\n"));
}

BOOST_AUTO_TEST_CASE(logins_github_calls_and_sessions_are_reported) {
    Metrics metrics;
    metrics.record_login("ok");
    metrics.record_login("not_member");
    metrics.record_login("ok");
    metrics.record_github_call("token", 0.2, false);
    metrics.record_github_call("token", 10, true);
    metrics.set_live_sessions(42);
    const std::string text = metrics.render();
    BOOST_TEST(contains(text, "orggate_logins_total{outcome=\"ok\"} 2\n"));
    BOOST_TEST(contains(text, "orggate_logins_total{outcome=\"not_member\"} 1\n"));
    BOOST_TEST(contains(text, "orggate_github_request_duration_seconds_count{call=\"token\"} 2\n"));
    BOOST_TEST(contains(text, "orggate_github_errors_total{call=\"token\"} 1\n"));
    BOOST_TEST(contains(text, "orggate_sessions_live 42\n"));
}

BOOST_AUTO_TEST_CASE(github_calls_are_labelled_by_kind_never_by_url) {
    using orggate::github::call_name;
    BOOST_TEST(call_name("https://github.com/login/oauth/access_token") == "token");
    BOOST_TEST(call_name("https://api.github.com/user") == "user");
    BOOST_TEST(call_name("https://ghe.test/api/v3/user/memberships/orgs/acme") == "membership");
    BOOST_TEST(call_name("https://api.github.com/applications/Iv1.x/token") == "revoke");
    BOOST_TEST(call_name("https://api.github.com/user/teams?per_page=100&page=2") == "teams");
    BOOST_TEST(call_name("https://api.github.com/users/someone") == "other");
}

BOOST_AUTO_TEST_CASE(the_text_is_what_it_was_series_for_series_and_in_the_same_order) {
    Metrics metrics;
    metrics.record_request("/page1", 200, 0.0003);
    metrics.record_request("/", 302, 0.002);
    metrics.record_request("unmatched", 404, 0.0001);
    metrics.record_request("/page1", 200, 0.03);
    metrics.record_request("/page1", 302, 0.001);
    metrics.record_request("/", 200, 0.001);
    metrics.record_request("/login/authorized", 302, 0.4);
    metrics.record_request("/logout", 405, 0.0001);
    metrics.record_request("/healthz", 503, 2);
    metrics.record_login("ok");
    metrics.record_login("not_member");
    metrics.record_login("busy");
    metrics.record_login("ok");
    metrics.record_github_call("user", 0.05, false);
    metrics.record_github_call("token", 0.2, false);
    metrics.record_github_call("token", 12, true);
    metrics.record_github_call("membership", 0.001, true);
    metrics.set_live_sessions(7);
    // The families of issue 10 (re-checks, ended sessions, webhooks) follow these, unchanged.
    BOOST_TEST(metrics.render().rfind(kRenderedBefore, 0) == 0u);
}

BOOST_AUTO_TEST_CASE(rechecks_ended_sessions_and_webhooks_are_counted_by_label) {
    Metrics metrics;
    metrics.record_recheck("not_modified");
    metrics.record_recheck("not_modified");
    metrics.record_recheck("unavailable");
    metrics.record_sessions_ended("not_member", 2);
    metrics.record_sessions_ended("key_retired", 1);
    metrics.record_webhook("bad_signature");
    const std::string text = metrics.render();
    BOOST_TEST(contains(text, "# TYPE orggate_rechecks_total counter\n"));
    BOOST_TEST(contains(text, "orggate_rechecks_total{outcome=\"not_modified\"} 2\n"));
    BOOST_TEST(contains(text, "orggate_rechecks_total{outcome=\"unavailable\"} 1\n"));
    BOOST_TEST(contains(text, "orggate_sessions_ended_total{reason=\"not_member\"} 2\n"));
    BOOST_TEST(contains(text, "orggate_sessions_ended_total{reason=\"key_retired\"} 1\n"));
    BOOST_TEST(contains(text, "orggate_webhooks_total{result=\"bad_signature\"} 1\n"));
    BOOST_TEST(!contains(Metrics().render(), "orggate_rechecks_total{"));
}

BOOST_AUTO_TEST_CASE(nothing_recorded_lists_no_route_login_or_github_series) {
    const std::string text = Metrics().render();
    BOOST_TEST(!contains(text, "orggate_requests_total{"));
    BOOST_TEST(!contains(text, "orggate_logins_total{"));
    BOOST_TEST(!contains(text, "orggate_github_request_duration_seconds_count{"));
    BOOST_TEST(!contains(text, "orggate_github_errors_total{"));
    BOOST_TEST(contains(text, "orggate_request_duration_seconds_count 0\n"));
}

// Every worker records every request at the same moment: no count may be lost or doubled.
BOOST_AUTO_TEST_CASE(threads_recording_at_once_give_exact_totals) {
    constexpr int kThreads = 8;
    constexpr int kEach = 200000;
    Metrics metrics;
    std::atomic<bool> go{false};  // all start together, so they overlap on every core
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&metrics, &go, t] {
            while (!go.load())
                std::this_thread::yield();
            const char* routes[] = {"/", "/page1", "/page2", "/login/authorized"};
            for (int i = 0; i < kEach; ++i) {
                metrics.record_request(routes[(i + t) % 4], i % 2 == 0 ? 200 : 302, 0.001);
                if (i % 10 == 0) metrics.record_login(i % 20 == 0 ? "ok" : "not_member");
                if (i % 100 == 0) metrics.record_github_call("token", 0.2, i % 200 == 0);
            }
        });
    }
    go.store(true);
    for (std::thread& thread : threads)
        thread.join();
    const std::string text = metrics.render();
    const int per_series = kThreads * kEach / 8;
    for (const char* route : {"/", "/page1", "/page2", "/login/authorized"}) {
        for (const char* status : {"200", "302"}) {
            BOOST_TEST(contains(text, std::string("orggate_requests_total{route=\"") + route +
                                          "\",status=\"" + status + "\"} " +
                                          std::to_string(per_series) + "\n"));
        }
    }
    BOOST_TEST(count_of(text, "orggate_requests_total{") == 8u);
    BOOST_TEST(contains(
        text, "orggate_request_duration_seconds_count " + std::to_string(kThreads * kEach) + "\n"));
    BOOST_TEST(contains(text, "orggate_logins_total{outcome=\"ok\"} " +
                                  std::to_string(kThreads * kEach / 20) + "\n"));
    BOOST_TEST(contains(text, "orggate_logins_total{outcome=\"not_member\"} " +
                                  std::to_string(kThreads * kEach / 20) + "\n"));
    BOOST_TEST(contains(text, "orggate_github_request_duration_seconds_count{call=\"token\"} " +
                                  std::to_string(kThreads * kEach / 100) + "\n"));
    BOOST_TEST(contains(text, "orggate_github_errors_total{call=\"token\"} " +
                                  std::to_string(kThreads * kEach / 200) + "\n"));
}

// The first requests after start arrive on every worker at once, with labels not seen yet:
// each label must still get one row, or /metrics would list a series twice.
BOOST_AUTO_TEST_CASE(threads_meeting_new_labels_at_once_give_each_label_one_row) {
    constexpr int kThreads = 8;
    constexpr int kRounds = 200;  // a fresh Metrics each round: a fresh race for the rows
    for (int round = 0; round < kRounds; ++round) {
        Metrics metrics;
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&metrics, &ready] {
                ready.fetch_add(1);
                while (ready.load() < kThreads)
                    std::this_thread::yield();
                for (const char* outcome : {"ok", "denied", "not_member", "pending", "saml"})
                    metrics.record_login(outcome);
            });
        }
        for (std::thread& thread : threads)
            thread.join();
        const std::string text = metrics.render();
        for (const char* outcome : {"ok", "denied", "not_member", "pending", "saml"}) {
            BOOST_TEST_REQUIRE(count_of(text, std::string("{outcome=\"") + outcome + "\"} 8\n") ==
                               1u);
        }
    }
}

// Labels are bounded by the caller (app.cpp maps unknown paths to "unmatched"); should one ever
// pass a path through, /metrics still cannot grow without bound.
BOOST_AUTO_TEST_CASE(labels_beyond_the_rows_or_too_long_are_counted_as_unmatched) {
    Metrics metrics;
    for (int i = 0; i < 100; ++i)
        metrics.record_request("/scan" + std::to_string(i), 404, 0.001);
    metrics.record_request("/" + std::string(200, 'x'), 404, 0.001);
    const std::string text = metrics.render();
    BOOST_TEST(count_of(text, "orggate_requests_total{") == 32u);  // 31 paths + unmatched
    BOOST_TEST(contains(text, "orggate_requests_total{route=\"/scan30\",status=\"404\"} 1\n"));
    BOOST_TEST(!contains(text, "/scan31\""));
    BOOST_TEST(!contains(text, "xxxx"));
    BOOST_TEST(contains(text, "orggate_requests_total{route=\"unmatched\",status=\"404\"} 70\n"));
}

BOOST_AUTO_TEST_CASE(a_status_outside_http_s_range_is_counted_as_500) {
    Metrics metrics;
    metrics.record_request("/", 0, 0.001);
    metrics.record_request("/", 1000, 0.001);
    const std::string text = metrics.render();
    BOOST_TEST(contains(text, "orggate_requests_total{route=\"/\",status=\"500\"} 2\n"));
    BOOST_TEST(count_of(text, "orggate_requests_total{") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
