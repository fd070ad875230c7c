// check-config's printout: every setting, no secret.
#include "config/config_report.hpp"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(config_report)

BOOST_AUTO_TEST_CASE(shows_every_setting_but_never_a_secret) {
    orggate::Config config;
    config.github_client_id = "Iv1.public-id";
    config.github_client_secret = "client-SECRET-value";
    config.app_secret_key = "app-KEY-value-0123456789abcdef0123";
    config.github_org = "acme";
    const std::string text = orggate::describe_config(config);
    BOOST_TEST(text.find("Iv1.public-id") != std::string::npos);
    BOOST_TEST(text.find("client-SECRET-value") == std::string::npos);
    BOOST_TEST(text.find("app-KEY-value") == std::string::npos);
    BOOST_TEST(text.find("GITHUB_CLIENT_SECRET = (set, 19 characters, not shown)") !=
               std::string::npos);
    for (const char* name :
         {"GITHUB_ORG", "GITHUB_URL", "GITHUB_API_URL", "ORGGATE_SESSION_DIR", "ORGGATE_SOCKET",
          "ORGGATE_THREADS", "ORGGATE_TEMPLATE_DIR", "ORGGATE_PUBLIC_URL", "ORGGATE_MAX_LOGINS"}) {
        BOOST_TEST(text.find(std::string(name) + " = ") != std::string::npos, name);
    }
}

BOOST_AUTO_TEST_CASE(the_previous_key_is_redacted_like_the_current_one) {
    orggate::Config config;
    BOOST_TEST(orggate::describe_config(config).find("APP_SECRET_KEY_PREVIOUS = (not set)") !=
               std::string::npos);
    config.app_secret_key_previous = "old-KEY-value-0123456789abcdef0123";
    const std::string text = orggate::describe_config(config);
    BOOST_TEST(text.find("old-KEY-value") == std::string::npos);
    BOOST_TEST(text.find("APP_SECRET_KEY_PREVIOUS = (set, 34 characters, not shown)") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_webhook_secret_is_redacted_and_the_recheck_shown) {
    orggate::Config config;
    BOOST_TEST(orggate::describe_config(config).find("ORGGATE_WEBHOOK_SECRET = (not set)") !=
               std::string::npos);
    config.webhook_secret = "hook-SECRET-value-0123456789";
    const std::string text = orggate::describe_config(config);
    BOOST_TEST(text.find("hook-SECRET-value") == std::string::npos);
    BOOST_TEST(text.find("ORGGATE_WEBHOOK_SECRET = (set, 28 characters, not shown)") !=
               std::string::npos);
    BOOST_TEST(text.find("ORGGATE_RECHECK_INTERVAL = 300s") != std::string::npos);
    BOOST_TEST(text.find("ORGGATE_RECHECK_GRACE = 3600s") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
