// /metrics text: Prometheus exposition format, cumulative buckets, bounded labels.
#include "metrics/metrics.hpp"

#include <boost/test/unit_test.hpp>

#include "github/metered_http_client.hpp"

using orggate::Histogram;
using orggate::Metrics;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

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
    BOOST_TEST(call_name("https://api.github.com/users/someone") == "other");
}

BOOST_AUTO_TEST_SUITE_END()
