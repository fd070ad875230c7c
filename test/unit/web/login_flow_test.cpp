// The login flow through the whole app, with GitHub scripted behind the HttpClient interface.
#include <boost/test/unit_test.hpp>

#include "http/cookie.hpp"
#include "http/query.hpp"
#include "support/counting_token_source.hpp"
#include "support/fake_http_client.hpp"
#include "support/memory_session_store.hpp"
#include "support/template_dir.hpp"
#include "web/app.hpp"
#include "web/session_keys.hpp"

using namespace orggate;

namespace {

constexpr const char* kToken = "gho_SECRET-TOKEN-0123456789";
constexpr const char* kUserJson =
    R"({"login":"mona","id":7,"name":"Mona","avatar_url":"https://avatars.test/u/7?v=4"})";

class FixedClock final : public Clock {
public:
    std::int64_t now() const override { return 1'700'000'000; }
};

struct Fixture {
    Config config = [] {
        Config c;
        c.github_org = "acme";
        c.github_client_id = "client-id";
        c.github_client_secret = "client-SECRET";
        c.github_url = "https://github.test";
        return c;
    }();
    testing::MemorySessionStore store;
    testing::CountingTokenSource tokens;
    web::Views views{testing::template_dir()};
    FixedClock clock;
    testing::FakeHttpClient http;
    github::GitHubClient github{
        http, {"https://github.test", "https://api.github.test", "client-id", "client-SECRET"}};
    crypto::SealedBox token_box{std::string(32, 'k'), "test"};
    Metrics metrics;
    std::vector<std::string> log;
    web::App app{{config, store, tokens, views, clock, github, token_box, metrics,
                  [this](const std::string& line) { log.push_back(line); }}};
    std::string cookie;  // the browser's cookie jar, one cookie

    http::Response request(const std::string& method, const std::string& target,
                           const std::string& body = "") {
        http::Request r;
        r.method = method;
        r.path = target.substr(0, target.find('?'));
        if (target.find('?') != std::string::npos) r.query = target.substr(target.find('?') + 1);
        r.host = "site.test";
        r.body = body;
        if (!cookie.empty()) r.cookie_header = std::string(web::kSessionCookie) + "=" + cookie;
        http::Response response = app.handle(r);
        const std::string set = response.header("Set-Cookie");
        if (!set.empty()) cookie = set.substr(set.find('=') + 1, set.find(';') - set.find('=') - 1);
        return response;
    }

    // Starts a login; returns the state GitHub would send back.
    std::string start_login(const std::string& target = "/login") {
        const http::Response response = request("GET", target);
        BOOST_REQUIRE_EQUAL(response.status, 302);
        const std::string location = response.header("Location");
        const auto params = http::parse_params(location.substr(location.find('?') + 1));
        return http::find_param(params, "state").value_or("");
    }

    void github_says_member(const std::string& state = "active") {
        http.answer(200, std::string(R"({"access_token":")") + kToken +
                             R"(","token_type":"bearer","scope":"read:org"})");
        http.answer(200, kUserJson);
        http.answer(200, R"({"state":")" + state + R"(","role":"member"})");
    }

    const Session& only_session() {
        BOOST_REQUIRE_EQUAL(store.sessions.size(), 1u);
        return store.sessions.begin()->second;
    }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(login_flow, Fixture)

BOOST_AUTO_TEST_CASE(login_redirects_to_github_with_state_and_pkce) {
    const http::Response response = request("GET", "/login");
    BOOST_TEST(response.status == 302);
    const std::string location = response.header("Location");
    BOOST_TEST(location.rfind("https://github.test/login/oauth/authorize?", 0) == 0u);
    const auto params = http::parse_params(location.substr(location.find('?') + 1));
    BOOST_TEST(*http::find_param(params, "client_id") == "client-id");
    BOOST_TEST(*http::find_param(params, "redirect_uri") == "http://site.test/login/authorized");
    BOOST_TEST(*http::find_param(params, "scope") == "read:org");
    BOOST_TEST(http::find_param(params, "state")->size() == 43u);
    BOOST_TEST(http::find_param(params, "code_challenge")->size() == 43u);
    BOOST_TEST(*http::find_param(params, "code_challenge_method") == "S256");
    BOOST_TEST(!http::find_param(params, "prompt"));
    BOOST_TEST(!cookie.empty());  // the pending login lives in this browser's session
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_CASE(a_member_logs_in_lands_on_next_with_a_new_session_id) {
    const std::string state = start_login("/login?next=%2Fpage1%3Fx%3D1");
    const std::string pre_login_id = cookie;
    github_says_member();
    const http::Response response = request("GET", "/login/authorized?code=c0de&state=" + state);
    BOOST_TEST(response.status == 302);
    BOOST_TEST(response.header("Location") == "/page1?x=1");
    BOOST_TEST(cookie != pre_login_id);
    BOOST_TEST(store.sessions.count(pre_login_id) == 0u);
    const Session& session = only_session();
    BOOST_REQUIRE(session.user.has_value());
    BOOST_TEST(session.user->login == "mona");
    BOOST_TEST(session.flashes.back().text == "You were successfully logged in");
    const std::string sealed = session.values.at(web::kGitHubTokenKey);
    BOOST_TEST(!contains(sealed, kToken));
    BOOST_TEST(*token_box.open(sealed) == kToken);
    BOOST_TEST(session.values.at(web::kCsrfTokenKey).size() == 43u);

    const auto& exchange = http.calls.at(0);
    BOOST_TEST(contains(exchange.body, "code_verifier="));
    BOOST_TEST(contains(exchange.body, "code=c0de"));
    const http::Response page = request("GET", "/page1");
    BOOST_TEST(contains(page.body, "Github userid: mona"));
    BOOST_TEST(contains(page.body, "You were successfully logged in"));
    BOOST_TEST(!contains(page.body, kToken));
}

BOOST_AUTO_TEST_CASE(the_token_never_reaches_a_response_or_the_log) {
    const std::string state = start_login();
    github_says_member();
    std::vector<http::Response> responses{
        request("GET", "/login/authorized?code=c0de&state=" + state), request("GET", "/page1"),
        request("GET", "/")};
    for (const auto& response : responses) {
        BOOST_TEST(!contains(response.body, kToken));
        for (const auto& [name, value] : response.headers)
            BOOST_TEST(!contains(value, kToken));
    }
    for (const auto& line : log) {
        BOOST_TEST(!contains(line, kToken));
        BOOST_TEST(!contains(line, "client-SECRET"));
    }
}

BOOST_AUTO_TEST_CASE(an_unsafe_next_falls_back_to_home) {
    for (const char* next : {"//evil.test", "https%3A%2F%2Fevil.test", "%2F%5Cevil.test"}) {
        cookie.clear();
        const std::string state = start_login(std::string("/login?next=") + next);
        github_says_member();
        BOOST_TEST(request("GET", "/login/authorized?code=c&state=" + state).header("Location") ==
                   "/");
    }
}

BOOST_AUTO_TEST_CASE(a_missing_or_forged_state_is_refused_before_any_call_to_github) {
    start_login();
    for (const std::string& query :
         std::vector<std::string>{"code=c", "code=c&state=", "code=c&state=" + std::string(43, 'A'),
                                  "code=c&state=../../x"}) {
        const http::Response response = request("GET", "/login/authorized?" + query);
        BOOST_TEST(response.status == 302);
        BOOST_TEST(response.header("Location") == "/");
    }
    BOOST_TEST(http.calls.empty());
    const http::Response page = request("GET", "/");
    BOOST_TEST(contains(page.body, "This login could not be verified"));
    BOOST_TEST(!contains(page.body, "Github userid"));
}

BOOST_AUTO_TEST_CASE(a_state_works_once) {
    const std::string state = start_login();
    github_says_member();
    request("GET", "/login/authorized?code=c&state=" + state);
    const std::size_t calls = http.calls.size();
    request("GET", "/logout");  // just a page view, to consume the flash
    const http::Response replay = request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(replay.status == 302);
    BOOST_TEST(http.calls.size() == calls);
    BOOST_TEST(contains(request("GET", "/").body, "This login could not be verified"));
}

BOOST_AUTO_TEST_CASE(a_cancelled_authorization_gives_the_tutorials_access_denied_message) {
    const std::string state = start_login();
    request("GET",
            "/login/authorized?error=access_denied&error_description=The+user+has+denied+your+"
            "application+access.&state=" +
                state);
    BOOST_TEST(http.calls.empty());
    BOOST_TEST(contains(request("GET", "/").body,
                        "Access denied: reason=access_denied error=The user has denied your "
                        "application access."));
}

BOOST_AUTO_TEST_CASE(a_non_member_is_turned_away_with_the_session_cleared) {
    const std::string state = start_login();
    http.answer(200, std::string(R"({"access_token":")") + kToken + R"("})");
    http.answer(200, kUserJson);
    http.answer(404, R"({"message":"Not Found"})");
    const http::Response response = request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(response.status == 302);
    const Session& session = only_session();
    BOOST_TEST(!session.user.has_value());
    BOOST_TEST(session.values.empty());
    BOOST_TEST(session.flashes.at(0).text == "Unable to login: mona is not a member of acme");
    const http::Response page = request("GET", "/");
    BOOST_TEST(contains(page.body, "href=\"/login?prompt=select_account\""));
    BOOST_TEST(contains(page.body, "alert-warning"));
}

BOOST_AUTO_TEST_CASE(github_unreachable_is_a_clear_message_not_a_5xx) {
    const std::string state = start_login();
    const http::Response response = request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(response.status == 302);
    BOOST_TEST(contains(request("GET", "/").body, "could not reach GitHub"));
}

BOOST_AUTO_TEST_CASE(two_tabs_can_log_in_at_once) {
    const std::string first = start_login("/login?next=%2Fpage1");
    const std::string second = start_login("/login?next=%2Fpage2");
    BOOST_TEST(first != second);
    github_says_member();
    BOOST_TEST(request("GET", "/login/authorized?code=a&state=" + second).header("Location") ==
               "/page2");
    github_says_member();
    BOOST_TEST(request("GET", "/login/authorized?code=b&state=" + first).header("Location") ==
               "/page1");
    BOOST_TEST(only_session().user->login == "mona");
}

BOOST_AUTO_TEST_CASE(logout_revokes_the_github_token) {
    const std::string state = start_login();
    github_says_member();
    request("GET", "/login/authorized?code=c&state=" + state);
    const std::string csrf = only_session().values.at(web::kCsrfTokenKey);
    http.answer(204, "");
    const http::Response response = request("POST", "/logout", "csrf_token=" + csrf);
    BOOST_TEST(response.status == 303);
    const auto& revoke = http.calls.back();
    BOOST_TEST(revoke.method == "DELETE");
    BOOST_TEST(revoke.url == "https://api.github.test/applications/client-id/token");
    BOOST_TEST(contains(revoke.body, kToken));
    BOOST_TEST(!only_session().user.has_value());
    BOOST_TEST(contains(request("GET", "/").body, "You were logged out"));
}

BOOST_AUTO_TEST_SUITE_END()
