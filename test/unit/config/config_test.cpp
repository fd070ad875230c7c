// Settings validation: required variables, defaults, every problem reported at once.
#include "config/config.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>

using orggate::Environment;
using orggate::load_config;
using orggate::parse_duration;

namespace {

Environment valid_environment() {
    return {{"GITHUB_CLIENT_ID", "Iv1.abc"},
            {"GITHUB_CLIENT_SECRET", "shh"},
            {"APP_SECRET_KEY", std::string(32, 'k')},
            {"GITHUB_ORG", "acme-corp"}};
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    for (const auto& problem : problems) {
        if (problem.find(text) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(valid_settings_get_the_documented_defaults) {
    const auto result = load_config(valid_environment(), "/inst/templates");
    BOOST_REQUIRE(result.config);
    BOOST_TEST(result.problems.empty());
    BOOST_TEST(result.config->github_url == "https://github.com");
    BOOST_TEST(result.config->github_api_url == "https://api.github.com");
    BOOST_TEST(result.config->session_limits.idle_timeout == 24 * 3600);
    BOOST_TEST(result.config->session_limits.lifetime == 7 * 24 * 3600);
    BOOST_TEST(result.config->threads == 16);
    BOOST_TEST(result.config->socket == "fd:0");
    BOOST_TEST(result.config->template_dir == "/inst/templates");
}

BOOST_AUTO_TEST_CASE(an_explicit_template_dir_wins_over_the_installed_one) {
    auto env = valid_environment();
    env["ORGGATE_TEMPLATE_DIR"] = "/srv/templates";
    BOOST_TEST(load_config(env, "/inst/templates").config->template_dir == "/srv/templates");
}

BOOST_AUTO_TEST_CASE(every_missing_variable_is_named_in_one_report) {
    const auto result = load_config({}, "/inst/templates");
    BOOST_TEST(!result.config);
    BOOST_TEST(result.problems.size() == 4u);
    for (const char* name :
         {"GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "APP_SECRET_KEY", "GITHUB_ORG"}) {
        BOOST_TEST(mentions(result.problems, name), name);
    }
    BOOST_TEST(mentions(result.problems, "openssl rand"));
}

BOOST_AUTO_TEST_CASE(a_short_secret_key_is_refused_without_echoing_it) {
    auto env = valid_environment();
    env["APP_SECRET_KEY"] = "tooshort-secret";
    const auto result = load_config(env, "/inst/templates");
    BOOST_TEST(!result.config);
    BOOST_TEST(mentions(result.problems, "APP_SECRET_KEY is too short"));
    BOOST_TEST(!mentions(result.problems, "tooshort-secret"));
}

BOOST_AUTO_TEST_CASE(bad_optional_values_are_reported_together) {
    auto env = valid_environment();
    env["GITHUB_URL"] = "ftp://example.org";
    env["ORGGATE_THREADS"] = "0";
    env["ORGGATE_SESSION_IDLE_TIMEOUT"] = "soon";
    env["GITHUB_ORG"] = "bad org!";
    const auto result = load_config(env, "/inst/templates");
    BOOST_TEST(!result.config);
    BOOST_TEST(result.problems.size() == 4u);
    BOOST_TEST(mentions(result.problems, "GITHUB_URL"));
    BOOST_TEST(mentions(result.problems, "ORGGATE_THREADS"));
    BOOST_TEST(mentions(result.problems, "ORGGATE_SESSION_IDLE_TIMEOUT"));
    BOOST_TEST(mentions(result.problems, "GITHUB_ORG"));
}

BOOST_AUTO_TEST_CASE(enterprise_urls_lose_their_trailing_slash) {
    auto env = valid_environment();
    env["GITHUB_URL"] = "https://ghe.example.org/";
    env["GITHUB_API_URL"] = "https://ghe.example.org/api/v3/";
    const auto result = load_config(env, "/inst/templates");
    BOOST_REQUIRE(result.config);
    BOOST_TEST(result.config->github_url == "https://ghe.example.org");
    BOOST_TEST(result.config->github_api_url == "https://ghe.example.org/api/v3");
}

BOOST_AUTO_TEST_CASE(an_explicit_socket_wins_over_an_inherited_one) {
    auto env = valid_environment();
    env["ORGGATE_SOCKET"] = "127.0.0.1:9000";
    BOOST_TEST(load_config(env, "/inst/templates").config->socket == "127.0.0.1:9000");
}

BOOST_AUTO_TEST_CASE(systemd_socket_activation_means_fd_3_only_for_this_process) {
    auto env = valid_environment();
    env["LISTEN_FDS"] = "1";
    env["LISTEN_PID"] = "1";  // some other process
    BOOST_TEST(load_config(env, "/inst/templates").config->socket == "fd:0");
    env["LISTEN_PID"] = std::to_string(getpid());
    BOOST_TEST(load_config(env, "/inst/templates").config->socket == "fd:3");
}

BOOST_AUTO_TEST_CASE(durations_take_plain_seconds_or_a_unit) {
    BOOST_TEST(*parse_duration("90") == 90);
    BOOST_TEST(*parse_duration("90s") == 90);
    BOOST_TEST(*parse_duration("15m") == 900);
    BOOST_TEST(*parse_duration("8h") == 8 * 3600);
    BOOST_TEST(*parse_duration("7d") == 7 * 86400);
    for (const char* bad : {"", "0", "-5", "5w", "h", "1.5h", "10 m", "99999999999999"}) {
        BOOST_TEST(!parse_duration(bad), bad);
    }
}

BOOST_AUTO_TEST_CASE(help_describes_every_variable) {
    const std::string text = orggate::describe_variables();
    for (const char* name : {"GITHUB_CLIENT_ID", "GITHUB_URL", "GITHUB_API_URL", "ORGGATE_SOCKET",
                             "ORGGATE_SESSION_DIR", "ORGGATE_THREADS", "ORGGATE_PUBLIC_URL"}) {
        BOOST_TEST(text.find(name) != std::string::npos, name);
    }
}

BOOST_AUTO_TEST_SUITE_END()
