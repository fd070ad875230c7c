// The gate's three endpoints through the app: the check, the sign-in redirect, the denied page.
#include <boost/test/unit_test.hpp>

#include "http/query.hpp"
#include "support/app_fixture.hpp"
#include "web/app.hpp"
#include "web/flash_jar.hpp"
#include "web/gate_check.hpp"
#include "web/login_cookie.hpp"

using namespace orggate;

namespace {

struct Fixture : testing::AppFixture {
    // A request as nginx sends it for the protected `uri` (the check's own path in `path`).
    http::Request gate_request(const std::string& path, const std::string& uri,
                               const std::string& cookie = "") const {
        http::Request request;
        request.method = "GET";
        request.path = path;
        request.request_uri = uri;
        request.host = "site.test";
        request.cookie_header = cookie;
        return request;
    }

    std::string planted(const std::string& login, std::vector<std::string> teams,
                        std::int64_t seen_ago = 0) {
        UserProfile user;
        user.login = login;
        user.id = 42;
        user.name = "Ünï\r\nX";
        const std::string id(43, login[0]);
        store.sessions[id] =
            Session{clock.now(), clock.now() - seen_ago, {{"csrf_token", "t"}}, user, teams};
        return "orggate_session=" + id;
    }

    static bool has_cookie(const http::Response& response) {
        return !response.header("Set-Cookie").empty();
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(gate, Fixture)

BOOST_AUTO_TEST_CASE(the_check_admits_a_member_with_encoded_identity_headers_and_no_body) {
    const auto response =
        app.handle(gate_request("/_orggate/check", "/docs/", planted("mona", {"core", "docs"})));
    BOOST_TEST(response.status == 204);
    BOOST_TEST(response.body.empty());
    BOOST_TEST(response.header("X-Orggate-User") == "mona");
    BOOST_TEST(response.header("X-Orggate-User-Id") == "42");
    BOOST_TEST(response.header("X-Orggate-Name") == "%C3%9Cn%C3%AF%0D%0AX");
    BOOST_TEST(response.header("X-Orggate-Teams") == "core,docs");
    BOOST_TEST(!has_cookie(response));
    BOOST_TEST(store.writes == 0);
}

BOOST_AUTO_TEST_CASE(the_check_hands_the_upstream_the_browsers_cookies_without_orggates) {
    const std::string mona = planted("mona", {"core"});
    const std::string browser =
        "theme=dark; " + mona + "; orggate_login_abcdefgh=L; app=1; orggate_flash=F";
    const auto admitted = app.handle(gate_request("/_orggate/check", "/app/", browser));
    BOOST_TEST(admitted.status == 204);
    BOOST_TEST(admitted.header("X-Orggate-User") == "mona");
    BOOST_TEST(admitted.header("X-Orggate-Upstream-Cookie") == "theme=dark; app=1");
    // Only orggate's own cookies: no header, and nginx then sends the upstream no Cookie.
    const auto alone = app.handle(gate_request("/_orggate/check", "/app/", mona));
    BOOST_TEST(alone.status == 204);
    BOOST_TEST(alone.header("X-Orggate-Upstream-Cookie").empty());
    // A refusal lets nothing through, so it hands on no cookie either.
    const auto refused = app.handle(gate_request("/_orggate/check/team:infra", "/app/", browser));
    BOOST_TEST(refused.status == 403);
    BOOST_TEST(refused.header("X-Orggate-Upstream-Cookie").empty());
}

BOOST_AUTO_TEST_CASE(every_cookie_orggate_sets_starts_with_the_prefix_the_upstream_never_sees) {
    for (const std::string_view name :
         {std::string_view(web::kSessionCookie), std::string_view(web::kFlashCookie),
          std::string_view(web::kLoginCookiePrefix)}) {
        BOOST_TEST(name.substr(0, web::kOrggateCookiePrefix.size()) == web::kOrggateCookiePrefix,
                   name);
    }
}

BOOST_AUTO_TEST_CASE(the_check_sends_no_cookie_even_where_a_page_would) {
    // A forged session cookie and a flash cookie: a page would clear both.
    http::Request forged =
        gate_request("/_orggate/check", "/docs/",
                     "orggate_session=" + std::string(43, 'F') + "; orggate_flash=garbage");
    const auto refused = app.handle(forged);
    BOOST_TEST(refused.status == 401);
    BOOST_TEST(refused.body.empty());
    BOOST_TEST(!has_cookie(refused));
    forged.path = "/page1";
    BOOST_TEST(has_cookie(app.handle(forged)));
    // A session due for its keep-alive refresh is refreshed, and still no cookie goes out.
    const auto stale = app.handle(gate_request("/_orggate/check", "/", planted("m", {}, 120)));
    BOOST_TEST(stale.status == 204);
    BOOST_TEST(!has_cookie(stale));
    BOOST_TEST(store.writes == 1);
}

BOOST_AUTO_TEST_CASE(the_check_refuses_a_user_the_rule_does_not_admit_with_a_reason) {
    const std::string mona = planted("mona", {"core"});
    const auto refused = app.handle(gate_request("/_orggate/check/team:infra", "/x", mona));
    BOOST_TEST(refused.status == 403);
    BOOST_TEST(refused.header("X-Orggate-Reason") == "not%20in%20team%20infra");
    BOOST_TEST(refused.body.empty());
    const auto admitted = app.handle(gate_request("/_orggate/check/team:core", "/x", mona));
    BOOST_TEST(admitted.status == 204);
    BOOST_TEST(admitted.header("X-Orggate-Teams") == "core");
}

BOOST_AUTO_TEST_CASE(a_malformed_rule_refuses_everyone_and_is_logged_once) {
    const std::string mona = planted("mona", {"core"});
    for (int n = 0; n < 5; ++n) {
        for (const std::string& cookie : {mona, std::string()}) {
            const auto response =
                app.handle(gate_request("/_orggate/check/group:core", "/", cookie));
            BOOST_TEST(response.status == 403);
            BOOST_TEST(response.header("X-Orggate-Reason") ==
                       "this%20location%27s%20rule%20is%20misconfigured");
        }
    }
    int lines = 0;
    for (const std::string& line : log)
        lines += line.find("event=gate_rule_invalid rule=group:core") == 0 ? 1 : 0;
    BOOST_TEST(lines == 1);
}

BOOST_AUTO_TEST_CASE(a_rule_without_its_slash_or_after_a_question_mark_is_misconfigured) {
    // `auth_request /_orggate/checkteam:infra;` and `.../check?team:infra;` (nginx escapes the
    // "?", orggate decodes it): neither is "any member", both refuse everyone, logged once each.
    const std::string mona = planted("mona", {"infra"});
    for (const char* path : {"/_orggate/checkteam:infra", "/_orggate/check?team:infra"}) {
        for (int n = 0; n < 3; ++n) {
            for (const std::string& cookie : {mona, std::string()}) {
                const auto response = app.handle(gate_request(path, "/", cookie));
                BOOST_TEST(response.status == 403, path);
                BOOST_TEST(response.header("X-Orggate-Reason") ==
                           "this%20location%27s%20rule%20is%20misconfigured");
                BOOST_TEST(response.header("X-Orggate-User").empty());
            }
        }
        int lines = 0;
        for (const std::string& line : log) {
            lines += line.find("event=gate_rule_invalid") == 0 &&
                             line.find(std::string("path=") + path) != std::string::npos
                         ? 1
                         : 0;
        }
        BOOST_TEST(lines == 1, path);
    }
}

BOOST_AUTO_TEST_CASE(signin_starts_the_login_back_to_the_protected_url_for_a_page_load) {
    const auto response = app.handle(gate_request("/_orggate/signin", "/docs/a?x=1&y=%2F"));
    BOOST_TEST(response.status == 302);
    BOOST_TEST(response.header("Location").rfind("https://github.test/login/oauth/authorize?", 0) ==
               0);
    BOOST_TEST(response.header("Location").find("next") == std::string::npos);
    BOOST_TEST(has_cookie(response));  // the pending login, which holds the return path
    keep_cookies(response);
    BOOST_TEST(cookies_named("orggate_login") == 1);
}

BOOST_AUTO_TEST_CASE(a_600_or_2000_byte_protected_url_comes_back_whole_after_the_login) {
    for (const std::size_t size : {600u, 2000u}) {
        const std::string uri = "/docs/report?q=" + std::string(size - 22, 'x') + "&page=2";
        BOOST_REQUIRE_EQUAL(uri.size(), size);
        jar.clear();
        const auto signin = send(gate_request("/_orggate/signin", uri));
        BOOST_REQUIRE_EQUAL(signin.status, 302);
        const std::string location = signin.header("Location");
        const auto state =
            http::find_param(http::parse_params(location.substr(location.find('?') + 1)), "state");
        BOOST_REQUIRE(state.has_value());
        http.answer(200, R"({"access_token":"gho_T","token_type":"bearer","scope":"read:org"})");
        http.answer(
            200,
            R"({"login":"mona","id":7,"name":"Mona","avatar_url":"https://avatars.test/u/7"})");
        http.answer(200, R"({"state":"active","role":"member"})");
        http.answer(200, "[]");
        const auto landed = request("GET", "/login/authorized?code=c0de&state=" + *state);
        BOOST_TEST(landed.status == 302);
        BOOST_TEST(landed.header("Location") == uri, size);
    }
}

BOOST_AUTO_TEST_CASE(the_login_cookie_of_any_return_path_fits_a_browsers_4096_bytes) {
    // A browser drops a bigger cookie, and the login could not finish. A path dense with
    // characters the cookie must %-escape lands on "/" instead.
    const std::string plain = "/docs/?q=" + std::string(1991, 'x');
    std::string dense = "/docs/?q=";
    while (dense.size() < 1999)
        dense += "/=";
    for (const std::string& uri : {plain, dense, plain.substr(0, 1500)}) {
        jar.clear();
        const auto signin = send(gate_request("/_orggate/signin", uri));
        const auto lines = set_cookies(signin, web::kLoginCookiePrefix);
        BOOST_REQUIRE_EQUAL(lines.size(), 1u);
        const std::string name_and_value = lines[0].substr(0, lines[0].find(';'));
        BOOST_TEST(name_and_value.size() <= 4096u, uri.size());
    }
}

BOOST_AUTO_TEST_CASE(signin_answers_scripts_with_a_plain_401) {
    http::Request request = gate_request("/_orggate/signin", "/api/x");
    request.accept = "application/json";
    const auto response = app.handle(request);
    BOOST_TEST(response.status == 401);
    BOOST_TEST(response.header("Location").empty());
    BOOST_TEST(response.body == "Sign in required\n");
}

BOOST_AUTO_TEST_CASE(signin_on_another_host_goes_to_the_same_url_on_the_public_host) {
    http::Request request = gate_request("/_orggate/signin", "/docs/?q=1");
    request.host = "127.0.0.1";
    BOOST_TEST(app.handle(request).header("Location") == "http://site.test/docs/?q=1");
}

BOOST_AUTO_TEST_CASE(denied_shows_the_reason_and_a_login_with_another_account) {
    http::Request request = gate_request("/_orggate/denied", "/docs/?q=1", planted("mona", {}));
    request.gate_reason = "not%20in%20team%20%3Cb%3Einfra";
    const auto page = app.handle(request);
    BOOST_TEST(page.status == 403);
    BOOST_TEST(testing::contains(page.body, "not in team &lt;b&gt;infra"));
    BOOST_TEST(testing::contains(
        page.body, "href=\"/login?next=%2Fdocs%2F%3Fq%3D1&amp;prompt=select_account\""));
    BOOST_TEST(testing::contains(page.body, "Log in with another GitHub account"));
    request.x_requested_with = "XMLHttpRequest";
    const auto plain = app.handle(request);
    BOOST_TEST(plain.status == 403);
    BOOST_TEST(plain.body == "Forbidden: not in team <b>infra\n");
}

BOOST_AUTO_TEST_CASE(the_return_path_is_never_one_of_orggates_internal_paths) {
    for (const char* uri : {"/_orggate/check", "/_orggate/signin?x", "//evil.example/"}) {
        http::Request request = gate_request("/_orggate/denied", uri, planted("mona", {}));
        BOOST_TEST(testing::contains(app.handle(request).body, "/login?next=%2F&amp;"), uri);
    }
}

BOOST_AUTO_TEST_SUITE_END()
