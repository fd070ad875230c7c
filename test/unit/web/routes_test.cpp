// The route table: known pages, HEAD as GET, 404 and 405 with Allow.
#include "web/routes.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using orggate::web::match_route;

BOOST_AUTO_TEST_SUITE(routes)

BOOST_AUTO_TEST_CASE(pages_answer_get_and_head) {
    for (const char* path : {"/", "/page1", "/page2", "/logout"}) {
        BOOST_TEST(match_route("GET", path).handler != nullptr, path);
        BOOST_TEST(match_route("HEAD", path).handler != nullptr, path);
    }
}

BOOST_AUTO_TEST_CASE(unknown_paths_have_no_handler_and_no_methods) {
    for (const char* path : {"/page3", "/Page1", "/page1/", "", "/static/orggate.css"}) {
        const auto match = match_route("GET", path);
        BOOST_TEST(match.handler == nullptr, path);
        BOOST_TEST(match.allowed.empty(), path);
    }
}

BOOST_AUTO_TEST_CASE(wrong_methods_list_the_allowed_ones) {
    const auto match = match_route("POST", "/page1");
    BOOST_TEST(match.handler == nullptr);
    BOOST_TEST(match.allowed == "GET, HEAD");
    BOOST_TEST(match_route("DELETE", "/logout").allowed == "GET, HEAD, POST");
}

BOOST_AUTO_TEST_CASE(head_on_the_login_callback_is_refused_so_it_cannot_consume_a_state) {
    const auto head = match_route("HEAD", "/login/authorized");
    BOOST_TEST(head.handler == nullptr);
    BOOST_TEST(head.allowed == "GET");
    BOOST_TEST(match_route("GET", "/login/authorized").handler != nullptr);
}

BOOST_AUTO_TEST_CASE(
    the_gate_check_takes_any_method_and_any_path_starting_with_its_own_and_sets_no_cookie) {
    for (const char* method : {"GET", "HEAD", "POST", "DELETE", "PROPFIND"}) {
        for (const char* path : {"/_orggate/check", "/_orggate/check/team:infra,user:alice"}) {
            const auto match = match_route(method, path);
            BOOST_TEST(match.handler != nullptr, method << " " << path);
            BOOST_TEST(!match.sets_cookies);
            BOOST_TEST(match.path == "/_orggate/check");  // one metrics label for every rule
        }
    }
    // A rule written without its "/" or after a "?" still reaches the check (which refuses it
    // as misconfigured) rather than a 404 that nginx would turn into a 500.
    for (const char* path : {"/_orggate/checkteam:infra", "/_orggate/check?team:infra"}) {
        BOOST_TEST(match_route("GET", path).handler != nullptr, path);
        BOOST_TEST(match_route("GET", path).path == "/_orggate/check", path);
    }
    BOOST_TEST(match_route("GET", "/_orggate/chec").handler == nullptr);
    BOOST_TEST(match_route("GET", "/page1").sets_cookies);
}

BOOST_AUTO_TEST_CASE(the_gates_signin_and_denied_take_any_method_at_their_path_only) {
    for (const char* path : {"/_orggate/signin", "/_orggate/denied"}) {
        BOOST_TEST(match_route("POST", path).handler != nullptr, path);
        BOOST_TEST(match_route("GET", path).sets_cookies, path);
        BOOST_TEST(match_route("GET", std::string(path) + "/x").handler == nullptr, path);
    }
}

BOOST_AUTO_TEST_SUITE_END()
