// Settings validation: required variables, defaults, every problem reported at once.
#include "config/config.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

using orggate::Environment;
using orggate::load_config;
using orggate::parse_duration;

namespace {

Environment valid_environment() {
    return {{"GITHUB_CLIENT_ID", "Iv1.abc"},
            {"GITHUB_CLIENT_SECRET", "shh"},
            {"APP_SECRET_KEY", std::string(32, 'k')},
            {"GITHUB_ORG", "acme-corp"},
            {"ORGGATE_PUBLIC_URL", "https://gate.example.org"}};
}

// Problems of `env` with `name` set to `value`.
std::vector<std::string> problems_with(const char* name, const std::string& value) {
    auto env = valid_environment();
    env[name] = value;
    return load_config(env, "/inst/templates").problems;
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    for (const auto& problem : problems) {
        if (problem.find(text) != std::string::npos) return true;
    }
    return false;
}

// The number that follows the first `key` in a file of the repository.
std::int64_t number_after(const std::string& path, const std::string& key) {
    std::ifstream file(path);
    BOOST_REQUIRE_MESSAGE(file, path);
    std::stringstream text;
    text << file.rdbuf();
    const std::string content = text.str();
    const auto at = content.find(key);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, key + " in " + path);
    return std::stoll(content.substr(at + key.size()));
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
    BOOST_TEST(result.config->threads == 4);
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
    BOOST_TEST(result.problems.size() == 5u);
    for (const char* name : {"GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "APP_SECRET_KEY",
                             "GITHUB_ORG", "ORGGATE_PUBLIC_URL"}) {
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

BOOST_AUTO_TEST_CASE(without_a_previous_key_only_the_current_one_opens) {
    const auto result = load_config(valid_environment(), "/inst/templates");
    BOOST_TEST(result.config->app_secret_key_previous.empty());
    BOOST_TEST(orggate::app_secret_keys(*result.config) ==
               std::vector<std::string>{std::string(32, 'k')});
}

BOOST_AUTO_TEST_CASE(a_previous_key_opens_after_the_current_one) {
    auto env = valid_environment();
    env["APP_SECRET_KEY_PREVIOUS"] = std::string(40, 'p');
    const auto result = load_config(env, "/inst/templates");
    BOOST_TEST(result.problems.empty());
    BOOST_TEST(orggate::app_secret_keys(*result.config) ==
               (std::vector<std::string>{std::string(32, 'k'), std::string(40, 'p')}));
}

BOOST_AUTO_TEST_CASE(a_short_previous_key_is_refused_without_echoing_it) {
    const auto problems = problems_with("APP_SECRET_KEY_PREVIOUS", "old-short-secret");
    BOOST_TEST(mentions(problems, "APP_SECRET_KEY_PREVIOUS is too short"));
    BOOST_TEST(!mentions(problems, "old-short-secret"));
}

BOOST_AUTO_TEST_CASE(a_previous_key_equal_to_the_current_one_is_refused) {
    const auto problems = problems_with("APP_SECRET_KEY_PREVIOUS", std::string(32, 'k'));
    BOOST_TEST(problems.size() == 1u);
    BOOST_TEST(mentions(problems, "APP_SECRET_KEY_PREVIOUS is the same as APP_SECRET_KEY"));
    BOOST_TEST(!mentions(problems, std::string(32, 'k')));
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

BOOST_AUTO_TEST_CASE(the_public_url_is_required_and_names_what_a_browser_sends_as_host) {
    auto env = valid_environment();
    env.erase("ORGGATE_PUBLIC_URL");
    const auto missing = load_config(env, "/inst/templates");
    BOOST_TEST(!missing.config);
    BOOST_TEST(mentions(missing.problems, "ORGGATE_PUBLIC_URL is not set"));

    const std::pair<const char*, std::pair<const char*, const char*>> cases[] = {
        {"https://gate.example.org", {"https://gate.example.org", "gate.example.org"}},
        {"HTTPS://Gate.Example.ORG:443/", {"https://gate.example.org", "gate.example.org"}},
        {"http://127.0.0.1:8080", {"http://127.0.0.1:8080", "127.0.0.1:8080"}},
        {"http://localhost:80", {"http://localhost", "localhost"}},
        {"https://gate.example.org:8443//",
         {"https://gate.example.org:8443", "gate.example.org:8443"}},
        {"https://[::1]:8443", {"https://[::1]:8443", "[::1]:8443"}},
    };
    for (const auto& [text, expected] : cases) {
        env["ORGGATE_PUBLIC_URL"] = text;
        const auto result = load_config(env, "/inst/templates");
        BOOST_REQUIRE_MESSAGE(result.config, text);
        BOOST_TEST(result.config->public_url == expected.first, text);
        BOOST_TEST(result.config->public_host == expected.second, text);
    }
}

BOOST_AUTO_TEST_CASE(a_public_url_with_more_than_scheme_host_and_port_is_refused) {
    for (const char* bad :
         {"gate.example.org", "//gate.example.org", "https://gate.example.org/app",
          "https://user@gate.example.org", "https://u:p@gate.example.org",
          "https://gate.example.org?x=1", "https://gate.example.org#top", "ftp://gate.example.org",
          "https://", "https://a..b", "https://-gate.example.org", "https://gate.example.org:0",
          "https://gate.example.org:99999", "https://gate.example.org:", "https://gate example.org",
          "https://gate.example.org\\x"}) {
        BOOST_TEST(mentions(problems_with("ORGGATE_PUBLIC_URL", bad), "ORGGATE_PUBLIC_URL"), bad);
    }
}

BOOST_AUTO_TEST_CASE(github_urls_must_be_https_unless_they_point_at_a_loopback_stand_in) {
    for (const char* name : {"GITHUB_URL", "GITHUB_API_URL"}) {
        for (const char* bad : {"http://github.example.com", "http://10.0.0.1/api/v3",
                                "http://127.0.0.1.example.com", "ftp://github.com"}) {
            BOOST_TEST(mentions(problems_with(name, bad), name), bad);
        }
        for (const char* good :
             {"https://github.example.com", "http://127.0.0.1:9", "http://127.5.6.7:8000/api/v3",
              "http://localhost:8000", "http://[::1]:8000"}) {
            BOOST_TEST(problems_with(name, good).empty(), good);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_tcp_socket_must_be_on_a_loopback_address) {
    for (const char* bad : {"0.0.0.0:9000", ":9000", "example.org:9000", "10.0.0.1:9000",
                            "127.0.0.1", "127.0.0.1:", "127.0.0.1:x", "orggate.sock",
                            "localhost:9000", "127.0.0.256:9000", "[::]:9000"}) {
        BOOST_TEST(mentions(problems_with("ORGGATE_SOCKET", bad), "ORGGATE_SOCKET"), bad);
    }
    for (const char* good :
         {"127.0.0.1:9000", "127.1.2.3:1", "/run/orggate/orggate.sock", "./orggate.sock"}) {
        BOOST_TEST(problems_with("ORGGATE_SOCKET", good).empty(), good);
    }
}

BOOST_AUTO_TEST_CASE(an_idle_timeout_shorter_than_the_keep_alive_refresh_is_refused) {
    BOOST_TEST(orggate::kKeepAliveRefreshInterval == 60);
    BOOST_TEST(mentions(problems_with("ORGGATE_SESSION_IDLE_TIMEOUT", "59s"),
                        "ORGGATE_SESSION_IDLE_TIMEOUT must be at least 60s"));
    BOOST_TEST(problems_with("ORGGATE_SESSION_IDLE_TIMEOUT", "60s").empty());
}

BOOST_AUTO_TEST_CASE(github_timeouts_have_a_maximum) {
    for (const char* name : {"ORGGATE_GITHUB_TIMEOUT", "ORGGATE_GITHUB_CONNECT_TIMEOUT"}) {
        BOOST_TEST(
            mentions(problems_with(name, "61s"), std::string(name) + " must be at most 60s"));
        BOOST_TEST(mentions(problems_with(name, "2m"), name));
        BOOST_TEST(problems_with(name, "60s").empty(), name);
    }
}

// A stop waits for the logins in flight; systemd must not SIGKILL one that is within its deadline.
BOOST_AUTO_TEST_CASE(the_units_stop_timeout_covers_the_longest_login) {
    const std::int64_t stop_seconds =
        number_after("scripts/systemd/orggate.service.in", "\nTimeoutStopSec=");
    // The connect timeout lies inside the callback's deadline; 15 s are for the rest of a stop.
    BOOST_TEST(stop_seconds >= orggate::kMaxGitHubTimeout + 15);
}

// nginx waits on orggate longer than the longest login, so the visitor sees orggate's answer.
BOOST_AUTO_TEST_CASE(nginx_waits_for_the_longest_login) {
    BOOST_TEST(number_after("nginx/orggate.conf.in", "\nfastcgi_read_timeout ") >
               orggate::kMaxGitHubTimeout + 5);
}

BOOST_AUTO_TEST_CASE(the_request_log_is_on_unless_turned_off) {
    BOOST_TEST(load_config(valid_environment(), "/inst/templates").config->log_requests);
    Environment quiet = valid_environment();
    quiet["ORGGATE_REQUEST_LOG"] = "off";
    BOOST_TEST(!load_config(quiet, "/inst/templates").config->log_requests);
    for (const char* bad : {"no", "OFF", "0", "false"}) {
        BOOST_TEST(mentions(problems_with("ORGGATE_REQUEST_LOG", bad), "ORGGATE_REQUEST_LOG"), bad);
    }
}

BOOST_AUTO_TEST_CASE(max_logins_defaults_to_64_within_1_to_1024) {
    BOOST_TEST(load_config(valid_environment(), "/inst/templates").config->max_logins == 64);
    for (const char* bad : {"0", "1025", "-1", "x", "99999"}) {
        BOOST_TEST(mentions(problems_with("ORGGATE_MAX_LOGINS", bad), "ORGGATE_MAX_LOGINS"), bad);
    }
    auto env = valid_environment();
    env["ORGGATE_MAX_LOGINS"] = "1024";
    BOOST_TEST(load_config(env, "/inst/templates").config->max_logins == 1024);
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
    for (const char* name :
         {"GITHUB_CLIENT_ID", "GITHUB_URL", "GITHUB_API_URL", "ORGGATE_SOCKET",
          "ORGGATE_SESSION_DIR", "ORGGATE_THREADS", "ORGGATE_PUBLIC_URL", "ORGGATE_MAX_LOGINS"}) {
        BOOST_TEST(text.find(name) != std::string::npos, name);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(the_recheck_runs_every_five_minutes_with_an_hour_of_grace_by_default) {
    const auto config = load_config(valid_environment(), "/inst/templates").config;
    BOOST_TEST(config->recheck_interval == 300);
    BOOST_TEST(config->recheck_grace == 3600);
    BOOST_TEST(config->webhook_secret.empty());
}

BOOST_AUTO_TEST_CASE(recheck_settings_take_seconds_and_must_be_positive) {
    auto env = valid_environment();
    env["ORGGATE_RECHECK_INTERVAL"] = "2s";
    env["ORGGATE_RECHECK_GRACE"] = "5s";
    const auto config = load_config(env, "/inst/templates").config;
    BOOST_TEST(config->recheck_interval == 2);
    BOOST_TEST(config->recheck_grace == 5);
    BOOST_TEST(mentions(problems_with("ORGGATE_RECHECK_GRACE", "0"), "ORGGATE_RECHECK_GRACE"));
    BOOST_TEST(
        mentions(problems_with("ORGGATE_RECHECK_INTERVAL", "0"), "ORGGATE_RECHECK_INTERVAL"));
    BOOST_TEST(mentions(problems_with("ORGGATE_RECHECK_GRACE", "soon"), "ORGGATE_RECHECK_GRACE"));
}

BOOST_AUTO_TEST_CASE(a_short_webhook_secret_is_refused_without_echoing_it) {
    const auto problems = problems_with("ORGGATE_WEBHOOK_SECRET", "hunter2-short");
    BOOST_TEST(mentions(problems, "ORGGATE_WEBHOOK_SECRET is too short"));
    BOOST_TEST(!mentions(problems, "hunter2-short"));
    auto env = valid_environment();
    env["ORGGATE_WEBHOOK_SECRET"] = std::string(20, 'w');
    BOOST_TEST(load_config(env, "/inst/templates").config->webhook_secret == std::string(20, 'w'));
}
