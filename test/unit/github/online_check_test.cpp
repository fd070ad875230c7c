// check-config --online: a wrong client id or secret is told apart from a network problem.
#include "github/online_check.hpp"

#include <boost/test/unit_test.hpp>

#include "support/fake_http_client.hpp"

using namespace orggate;
using orggate::github::check_github_online;

namespace {

const github::GitHubSettings kSettings{"https://github.test", "https://api.github.test", "id",
                                       "client-SECRET"};

}  // namespace

BOOST_AUTO_TEST_SUITE(online_check)

BOOST_AUTO_TEST_CASE(all_pass_when_github_refuses_only_the_made_up_code) {
    testing::FakeHttpClient http;
    http.answer(200, "<html>");
    http.answer(200, R"({"error":"bad_verification_code"})");
    http.answer(200, R"({"resources":{}})");
    const auto results = check_github_online(http, kSettings);
    BOOST_REQUIRE(results.size() == 3u);
    for (const auto& result : results)
        BOOST_TEST(result.passed, result.what);
    BOOST_TEST(http.calls.at(1).url == "https://github.test/login/oauth/access_token");
    BOOST_TEST(http.calls.at(2).url == "https://api.github.test/rate_limit");
}

BOOST_AUTO_TEST_CASE(wrong_credentials_fail_only_the_credentials_check) {
    testing::FakeHttpClient http;
    http.answer(200, "<html>");
    http.answer(200, R"({"error":"incorrect_client_credentials"})");
    http.answer(200, "{}");
    const auto results = check_github_online(http, kSettings);
    BOOST_TEST(results[0].passed);
    BOOST_TEST(!results[1].passed);
    BOOST_TEST(results[1].detail.find("does not know") != std::string::npos);
    BOOST_TEST(results[2].passed);
}

BOOST_AUTO_TEST_CASE(a_network_problem_says_so_and_never_shows_the_secret) {
    testing::FakeHttpClient http;  // every call: unreachable
    const auto results = check_github_online(http, kSettings);
    for (const auto& result : results) {
        BOOST_TEST(!result.passed);
        BOOST_TEST(result.detail.find("no answer") != std::string::npos);
        BOOST_TEST(result.detail.find("client-SECRET") == std::string::npos);
        BOOST_TEST(result.what.find("client-SECRET") == std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
