// Page loads are redirected to the login; scripts' requests are not.
#include "gate/page_load.hpp"

#include <boost/test/unit_test.hpp>

using namespace orggate;
using namespace orggate::gate;

namespace {

http::Request browser_request() {
    http::Request request;
    request.method = "GET";
    request.accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    request.sec_fetch_mode = "navigate";
    return request;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gate_page_load)

BOOST_AUTO_TEST_CASE(a_browsers_navigation_is_a_page_load) {
    BOOST_TEST(is_page_load(browser_request()));
    http::Request head = browser_request();
    head.method = "HEAD";
    BOOST_TEST(is_page_load(head));
    http::Request curl;  // no fetch headers at all, Accept */*
    curl.method = "GET";
    curl.accept = "*/*";
    BOOST_TEST(is_page_load(curl));
}

BOOST_AUTO_TEST_CASE(other_methods_fetches_and_xhr_are_not) {
    http::Request post = browser_request();
    post.method = "POST";
    BOOST_TEST(!is_page_load(post));
    for (const char* mode : {"cors", "no-cors", "same-origin", "websocket"}) {
        http::Request fetch = browser_request();
        fetch.sec_fetch_mode = mode;
        BOOST_TEST(!is_page_load(fetch), mode);
    }
    http::Request xhr = browser_request();
    xhr.x_requested_with = "XMLHttpRequest";
    BOOST_TEST(!is_page_load(xhr));
    http::Request json = browser_request();
    json.accept = "application/json";
    BOOST_TEST(!is_page_load(json));
}

BOOST_AUTO_TEST_CASE(json_preferred_only_when_it_outranks_html) {
    BOOST_TEST(prefers_json("application/json"));
    BOOST_TEST(prefers_json("application/vnd.github+json"));
    BOOST_TEST(prefers_json("application/json, text/html;q=0.5"));
    BOOST_TEST(prefers_json("text/html;q=0.1, Application/JSON ; q=0.9"));
    BOOST_TEST(!prefers_json(""));
    BOOST_TEST(!prefers_json("*/*"));
    BOOST_TEST(!prefers_json("text/html, application/json"));
    BOOST_TEST(!prefers_json("application/json;q=0.5, text/html"));
    BOOST_TEST(!prefers_json("application/jsonx"));
}

BOOST_AUTO_TEST_SUITE_END()
