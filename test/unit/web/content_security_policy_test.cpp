// The CSP follows GITHUB_URL: github.com's avatar host, or the Enterprise Server's own.
#include "web/content_security_policy.hpp"

#include <boost/test/unit_test.hpp>

using orggate::web::content_security_policy;

BOOST_AUTO_TEST_SUITE(content_security_policy_for_github)

BOOST_AUTO_TEST_CASE(github_com_allows_its_avatar_host_and_its_forms) {
    BOOST_TEST(content_security_policy("https://github.com") ==
               "default-src 'none'; style-src 'self'; "
               "img-src 'self' https://avatars.githubusercontent.com; "
               "form-action 'self' https://github.com; base-uri 'none'; frame-ancestors 'none'");
}

BOOST_AUTO_TEST_CASE(enterprise_server_allows_its_origin_and_its_avatars_subdomain) {
    const std::string csp = content_security_policy("https://GHE.example.org:8443");
    BOOST_TEST(csp.find("img-src 'self' https://ghe.example.org:8443 "
                        "https://avatars.ghe.example.org:8443;") != std::string::npos);
    BOOST_TEST(csp.find("form-action 'self' https://ghe.example.org:8443;") != std::string::npos);
    BOOST_TEST(csp.find("githubusercontent") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_stand_in_on_an_address_has_no_subdomain) {
    const std::string csp = content_security_policy("http://127.0.0.1:41234");
    BOOST_TEST(csp.find("img-src 'self' http://127.0.0.1:41234;") != std::string::npos);
    BOOST_TEST(csp.find("form-action 'self' http://127.0.0.1:41234;") != std::string::npos);
    BOOST_TEST(content_security_policy("http://[::1]:9").find("img-src 'self' http://[::1]:9;") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(nothing_unsafe_and_only_self_without_a_github) {
    const std::string csp = content_security_policy("");
    BOOST_TEST(csp.find("img-src 'self';") != std::string::npos);
    BOOST_TEST(csp.find("form-action 'self';") != std::string::npos);
    for (const std::string url : {"https://github.com", "https://ghe.example.org", ""}) {
        const std::string policy = content_security_policy(url);
        BOOST_TEST(policy.find("unsafe") == std::string::npos);
        BOOST_TEST(policy.find("script-src") == std::string::npos);
        BOOST_TEST(policy.find("default-src 'none'") == 0u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
