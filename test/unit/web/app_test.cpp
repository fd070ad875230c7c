// The pipeline in one piece: routing, status codes, HEAD, cookies and the 500 page.
#include "web/app.hpp"

#include <boost/test/unit_test.hpp>

#include "support/app_fixture.hpp"
#include "web/content_security_policy.hpp"
#include "web/flash_jar.hpp"

using namespace orggate;

namespace {

class BrokenStore final : public SessionStore {
public:
    std::optional<Session> load(const std::string&) override { throw std::runtime_error("disk"); }
    Session update(const std::string&, const std::function<void(Session&)>&) override {
        throw std::runtime_error("disk");
    }
    void destroy(const std::string&) override {}
    SweepStats sweep() override { return {}; }
    std::optional<std::string> health_problem() override { return "disk"; }
};

struct Fixture : testing::AppFixture {
    http::Response get(const std::string& path, const std::string& cookie = "",
                       const std::string& method = "GET") {
        http::Request request;
        request.method = method;
        request.path = path;
        request.cookie_header = cookie;
        return app.handle(request);
    }

    std::string planted_session() {
        UserProfile user;
        user.login = "octocat";
        user.id = 1;
        user.avatar_url = "https://avatars.githubusercontent.com/u/1?v=4";
        user.raw_json = R"({"login":"octocat","id":1})";
        const std::string id(43, 'S');
        store.sessions[id] = Session{clock.now(), clock.now(), {{"csrf_token", "t0ken"}}, user};
        return id;
    }

    std::string flash_cookie(const std::string& text) {
        return std::string(web::kFlashCookie) + "=" +
               flash_box.seal(web::encode_flashes({{"message", text}}));
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(app, Fixture)

BOOST_AUTO_TEST_CASE(pages_answer_200_html_and_are_not_cached) {
    for (const char* path : {"/", "/page1", "/page2", "/logout"}) {
        const auto response = get(path);
        BOOST_TEST(response.status == 200, path);
        BOOST_TEST(response.header("Content-Type") == "text/html; charset=utf-8");
        BOOST_TEST(response.header("Cache-Control") == "no-store");
        BOOST_TEST(response.header("Set-Cookie").empty(), path);
    }
    BOOST_TEST(store.sessions.empty());
}

BOOST_AUTO_TEST_CASE(unknown_paths_get_the_404_page) {
    const auto response = get("/nope");
    BOOST_TEST(response.status == 404);
    BOOST_TEST(response.body.find("Page not found") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_methods_get_405_with_allow) {
    const auto response = get("/page1", "", "DELETE");
    BOOST_TEST(response.status == 405);
    BOOST_TEST(response.header("Allow") == "GET, HEAD");
}

BOOST_AUTO_TEST_CASE(every_response_carries_one_csp_built_from_github_url) {
    const std::string expected = web::content_security_policy(config.github_url);
    BOOST_TEST(expected.find("https://avatars.github.test") != std::string::npos);
    for (const char* path : {"/", "/page1", "/nope", "/healthz"}) {
        const auto response = get(path);
        int count = 0;
        for (const auto& [name, value] : response.headers) {
            if (name == "Content-Security-Policy") ++count;
        }
        BOOST_TEST(count == 1, path);
        BOOST_TEST(response.header("Content-Security-Policy") == expected, path);
    }
}

BOOST_AUTO_TEST_CASE(head_on_the_callback_is_405_and_leaves_the_session_alone) {
    const auto response = get("/login/authorized", "", "HEAD");
    BOOST_TEST(response.status == 405);
    BOOST_TEST(response.header("Allow") == "GET");
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_CASE(head_is_answered_like_get) {
    const auto head = get("/page2", "", "HEAD");
    BOOST_TEST(head.status == 200);
    BOOST_TEST(head.body == get("/page2").body);  // the edge drops the body for HEAD
}

BOOST_AUTO_TEST_CASE(a_logged_in_page_shows_its_user_and_a_flash_without_writing_the_session) {
    const std::string cookie = "orggate_session=" + planted_session();
    const auto first = get("/page1", cookie + "; " + flash_cookie("welcome"));
    BOOST_TEST(first.body.find("Github userid: octocat") != std::string::npos);
    BOOST_TEST(first.body.find("<li>welcome</li>") != std::string::npos);
    BOOST_TEST(first.header("Set-Cookie") ==
               "orggate_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    BOOST_TEST(store.writes == 0);
    const auto second = get("/page1", cookie);
    BOOST_TEST(second.body.find("<li>welcome</li>") == std::string::npos);
    BOOST_TEST(second.body.find("Github userid: octocat") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_flash_cookie_that_does_not_open_shows_nothing_and_is_cleared) {
    const auto page = get("/", "orggate_flash=" + flash_box.seal("c=message&t=x") + "A");
    BOOST_TEST(page.body.find("<li>x</li>") == std::string::npos);
    BOOST_TEST(page.header("Set-Cookie") ==
               "orggate_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
}

BOOST_AUTO_TEST_CASE(logout_needs_the_csrf_token) {
    const std::string id = planted_session();
    const std::string cookie = "orggate_session=" + id;
    http::Request forged;
    forged.method = "POST";
    forged.path = "/logout";
    forged.cookie_header = cookie;
    forged.body = "csrf_token=wrong";
    const auto refused = app.handle(forged);
    BOOST_TEST(refused.status == 303);
    BOOST_TEST(store.sessions.at(id).user.has_value());

    forged.body = "csrf_token=t0ken";
    const auto done = app.handle(forged);
    BOOST_TEST(done.status == 303);
    BOOST_TEST(done.header("Location") == "/");
    BOOST_TEST(store.sessions.empty());  // the flash travels in the browser's cookie
    keep_cookies(done);
    BOOST_TEST(jar.count(web::kSessionCookie) == 0u);
    BOOST_TEST(request("GET", "/").body.find("You were logged out") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_cookies_are_cleared_with_secure_over_https) {
    http::Request request;
    request.method = "GET";
    request.path = "/";
    request.cookie_header = "orggate_session=forged";
    request.https = true;
    const auto response = app.handle(request);
    BOOST_TEST(response.status == 200);
    BOOST_TEST(response.header("Set-Cookie") ==
               "orggate_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
}

BOOST_AUTO_TEST_CASE(a_failing_store_gives_the_500_page_and_a_log_line) {
    BrokenStore broken;
    const web::App failing = app_with(broken);
    http::Request request;
    request.method = "GET";
    request.path = "/";
    request.cookie_header = "orggate_session=" + std::string(43, 'S');
    const auto response = failing.handle(request);
    BOOST_TEST(response.status == 500);
    BOOST_TEST(response.body.find("Something went wrong") != std::string::npos);
    BOOST_TEST(response.body.find("disk") == std::string::npos);
    BOOST_REQUIRE(log.size() == 1u);
    BOOST_TEST(log[0].find("disk") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(health_is_ok_while_the_store_takes_writes) {
    const auto response = get("/healthz");
    BOOST_TEST(response.status == 200);
    BOOST_TEST(response.body == "ok\n");
}

BOOST_AUTO_TEST_CASE(health_is_503_with_the_reason_when_the_store_fails) {
    BrokenStore broken;
    const web::App failing = app_with(broken);
    http::Request request;
    request.method = "GET";
    request.path = "/healthz";
    const auto response = failing.handle(request);
    BOOST_TEST(response.status == 503);
    BOOST_TEST(response.body.find("disk") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(metrics_count_requests_by_route_with_one_label_for_unknown_paths) {
    get("/");
    get("/page1");
    get("/wp-admin.php");
    get("/.env");
    const auto response = get("/metrics");
    BOOST_TEST(response.header("Content-Type").find("text/plain; version=0.0.4") == 0u);
    BOOST_TEST(response.body.find("orggate_requests_total{route=\"/page1\",status=\"200\"} 1") !=
               std::string::npos);
    BOOST_TEST(response.body.find("orggate_requests_total{route=\"unmatched\",status=\"404\"} 2") !=
               std::string::npos);
    BOOST_TEST(response.body.find("wp-admin") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
