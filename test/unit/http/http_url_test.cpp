// Absolute URLs from the settings: parts, normalization, refusals, loopback hosts.
#include "http/http_url.hpp"

#include <boost/test/unit_test.hpp>

using orggate::http::is_loopback_host;
using orggate::http::parse_http_url;

BOOST_AUTO_TEST_SUITE(http_url)

BOOST_AUTO_TEST_CASE(splits_scheme_host_port_and_path) {
    const auto url = parse_http_url("https://GHE.Example.org:8443/api/v3/");
    BOOST_REQUIRE(url);
    BOOST_TEST(url->scheme == "https");
    BOOST_TEST(url->host == "ghe.example.org");
    BOOST_TEST(url->port == 8443);
    BOOST_TEST(url->path == "/api/v3");
    BOOST_TEST(url->origin() == "https://ghe.example.org:8443");
    BOOST_TEST(url->host_and_port() == "ghe.example.org:8443");
}

BOOST_AUTO_TEST_CASE(default_ports_are_left_out_as_a_browser_does) {
    BOOST_TEST(parse_http_url("https://a.example:443")->host_and_port() == "a.example");
    BOOST_TEST(parse_http_url("http://a.example:80")->host_and_port() == "a.example");
    BOOST_TEST(parse_http_url("http://a.example:443")->host_and_port() == "a.example:443");
    BOOST_TEST(parse_http_url("https://a.example:80")->origin() == "https://a.example:80");
}

BOOST_AUTO_TEST_CASE(ipv4_and_bracketed_ipv6_hosts) {
    BOOST_TEST(parse_http_url("http://127.0.0.1:9")->host_and_port() == "127.0.0.1:9");
    BOOST_TEST(parse_http_url("http://[::1]:8080")->host_and_port() == "[::1]:8080");
    BOOST_TEST(parse_http_url("http://[::1]")->host == "[::1]");
}

BOOST_AUTO_TEST_CASE(anything_that_is_not_a_plain_http_url_is_refused) {
    for (const char* bad : {"",
                            "example.org",
                            "//example.org",
                            "ftp://example.org",
                            "https://",
                            "https:///x",
                            "https://user@example.org",
                            "https://example.org?q",
                            "https://example.org/a?q",
                            "https://example.org#f",
                            "https://exa mple.org",
                            "https://example..org",
                            "https://example.org.",
                            "https://-x.example.org",
                            "https://x-.example.org",
                            "https://example.org:",
                            "https://example.org:0",
                            "https://example.org:65536",
                            "https://example.org:+1",
                            "https://[::1",
                            "https://[]",
                            "https://[example]",
                            "https://example.org/a b",
                            "https://example.org/a\\b",
                            "https://example.org//x"}) {
        BOOST_TEST(!parse_http_url(bad), bad);
    }
}

BOOST_AUTO_TEST_CASE(loopback_hosts) {
    for (const char* host : {"127.0.0.1", "127.255.0.9", "localhost", "[::1]"}) {
        BOOST_TEST(is_loopback_host(host), host);
    }
    for (const char* host : {"128.0.0.1", "127.0.0", "127.0.0.1.example.org", "127.0.0.256",
                             "127.00.0.1", "localhost.example.org", "[::2]", "0.0.0.0", ""}) {
        BOOST_TEST(!is_loopback_host(host), host);
    }
}

BOOST_AUTO_TEST_SUITE_END()
