// The open-redirect guard: after login only a path on this site is followed.
#include "http/return_path.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::http;

BOOST_AUTO_TEST_SUITE(return_path)

BOOST_AUTO_TEST_CASE(paths_on_this_site_are_accepted) {
    for (const char* path :
         {"/", "/page1", "/page1?x=1#y", "/a/b.html?q=%2F%2Fx&next=/c", "/user:octocat", "/~me/"}) {
        BOOST_TEST(is_safe_return_path(path), path);
    }
    BOOST_TEST(is_safe_return_path("/" + std::string(300, 'p')));
}

BOOST_AUTO_TEST_CASE(empty_and_relative_paths_are_refused) {
    for (const char* path : {"", "page1", "./page1", "../page1", "?x=1", "#top"}) {
        BOOST_TEST(!is_safe_return_path(path), path);
    }
}

BOOST_AUTO_TEST_CASE(other_hosts_and_schemes_are_refused) {
    for (const char* path :
         {"//evil.example", "//evil.example/page1", "/\\evil.example", "\\evil", "\\\\evil.example",
          "http://evil", "https://evil.example/page1", "https:evil", "javascript:alert(1)",
          "data:text/html,hi", "///evil.example"}) {
        BOOST_TEST(!is_safe_return_path(path), path);
    }
}

BOOST_AUTO_TEST_CASE(control_characters_and_spaces_are_refused) {
    // Browsers drop tab and newline from URLs, so "/\t/evil.example" would become "//evil...".
    const std::string paths[] = {
        "/page1\r\nSet-Cookie: x=1",
        "/\t/evil.example",
        "/\n/evil.example",
        "/page\r1",
        "/page 1",
        std::string("/page\0"
                    "1",
                    7),
        "/page\x7f",
        "/page\x01",
    };
    for (const std::string& path : paths) {
        BOOST_TEST(!is_safe_return_path(path), path.size());
    }
}

BOOST_AUTO_TEST_CASE(a_backslash_anywhere_is_refused) {
    for (const char* path : {"/page1\\", "/a\\b", "/page1?next=\\\\evil"}) {
        BOOST_TEST(!is_safe_return_path(path), path);
    }
}

BOOST_AUTO_TEST_CASE(a_path_up_to_the_limit_is_accepted_and_a_longer_one_refused) {
    BOOST_TEST(kMaxReturnPathBytes == 2000u);
    BOOST_TEST(is_safe_return_path("/" + std::string(599, 'p')));
    BOOST_TEST(is_safe_return_path("/" + std::string(kMaxReturnPathBytes - 1, 'p')));
    BOOST_TEST(!is_safe_return_path("/" + std::string(kMaxReturnPathBytes, 'p')));
    BOOST_TEST(!is_safe_return_path("/" + std::string(4096, 'p')));
}

BOOST_AUTO_TEST_SUITE_END()
