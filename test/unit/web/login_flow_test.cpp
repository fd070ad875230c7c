// The login flow through the whole app, with GitHub scripted behind the HttpClient interface.
#include <boost/test/unit_test.hpp>

#include "http/query.hpp"
#include "support/app_fixture.hpp"
#include "web/content_security_policy.hpp"
#include "web/flash_jar.hpp"
#include "web/login_cookie.hpp"
#include "web/session_keys.hpp"

using namespace orggate;
using testing::contains;

namespace {

constexpr const char* kToken = "gho_SECRET-TOKEN-0123456789";
constexpr std::int64_t kUserId = 7;  // mona's id in kUserJson
constexpr const char* kUserJson =
    R"({"login":"mona","id":7,"name":"Mona","avatar_url":"https://avatars.test/u/7?v=4"})";

// Two of acme's teams (listed out of order) and one of another org's.
constexpr const char* kTeamsJson =
    R"([{"slug":"ops","name":"Ops","organization":{"login":"acme"}},)"
    R"({"slug":"secret","name":"Secret","organization":{"login":"other-org"}},)"
    R"({"slug":"core","name":"Core","organization":{"login":"Acme"}}])";

struct Fixture : testing::AppFixture {
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
        if (state == "active") http.answer(200, kTeamsJson);
    }

    const Session& only_session() {
        BOOST_REQUIRE_EQUAL(store.sessions.size(), 1u);
        return store.sessions.begin()->second;
    }

    std::string session_id() const {
        const auto it = jar.find(web::kSessionCookie);
        return it == jar.end() ? std::string() : it->second;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(login_flow, Fixture)

BOOST_AUTO_TEST_CASE(login_redirects_to_github_with_state_and_pkce_and_stores_nothing) {
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
    // The pending login lives in this browser's sealed cookie, not on the server.
    const std::string state = *http::find_param(params, "state");
    const auto cookies = set_cookies(response, web::kLoginCookiePrefix);
    BOOST_REQUIRE(cookies.size() == 1u);
    BOOST_TEST(cookies[0].rfind(web::login_cookie_name(state) + "=", 0) == 0u);
    BOOST_TEST(contains(cookies[0], "; Path=/login; HttpOnly; SameSite=Lax; Max-Age=600"));
    BOOST_TEST(!contains(cookies[0], state));
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST(store.writes == 0);
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_CASE(a_request_for_another_host_is_sent_to_the_configured_one_first) {
    http::Request r = make_request("GET", "/login?next=%2Fpage1");
    r.host = "evil.site.test";
    const http::Response response = send(r);
    BOOST_TEST(response.status == 302);
    BOOST_TEST(response.header("Location") == "http://site.test/login?next=%2Fpage1");
    BOOST_TEST(set_cookies(response, web::kLoginCookiePrefix).empty());
    r.host = "SITE.test";  // host names ignore case
    BOOST_TEST(send(r).header("Location").rfind("https://github.test/", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_member_logs_in_lands_on_next_with_a_session_that_starts_now) {
    const std::string state = start_login("/login?next=%2Fpage1%3Fx%3D1");
    clock.advance(120);
    store.now = clock.now();
    github_says_member();
    const http::Response response = request("GET", "/login/authorized?code=c0de&state=" + state);
    BOOST_TEST(response.status == 302);
    BOOST_TEST(response.header("Location") == "/page1?x=1");
    BOOST_TEST(session_id().size() == 43u);
    BOOST_TEST(cookies_named(web::kLoginCookiePrefix) == 0u);  // spent, so dropped
    const Session& session = only_session();
    BOOST_REQUIRE(session.user.has_value());
    BOOST_TEST(session.user->login == "mona");
    BOOST_TEST(session.created_at == clock.now());
    const std::string sealed = session.values.at(web::kGitHubTokenKey);
    BOOST_TEST(!contains(sealed, kToken));
    BOOST_TEST(*token_box.open(sealed) == kToken);
    BOOST_TEST(session.values.at(web::kCsrfTokenKey).size() == 43u);

    const auto& exchange = http.calls.at(0);
    BOOST_TEST(contains(exchange.body, "code_verifier="));
    BOOST_TEST(contains(exchange.body, "code=c0de"));
    BOOST_TEST(contains(exchange.body, "redirect_uri=http%3A%2F%2Fsite.test%2Flogin%2Fauthorized"));
    const http::Response page = request("GET", "/page1");
    BOOST_TEST(contains(page.body, "Github userid: mona"));
    BOOST_TEST(contains(page.body, "You were successfully logged in"));
    BOOST_TEST(!contains(page.body, kToken));
}

BOOST_AUTO_TEST_CASE(the_four_calls_of_a_callback_share_one_deadline) {
    const std::string state = start_login();
    github_says_member();
    const auto before = std::chrono::steady_clock::now();
    request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_REQUIRE(http.calls.size() == 4u);
    BOOST_TEST(http.calls[3].url == "https://api.github.test/user/teams?per_page=100");
    const auto deadline = http.calls[0].deadline;
    BOOST_TEST((deadline >= before + std::chrono::seconds(config.github_timeout)));
    BOOST_TEST((deadline <=
                std::chrono::steady_clock::now() + std::chrono::seconds(config.github_timeout)));
    BOOST_TEST((http.calls[1].deadline == deadline));
    BOOST_TEST((http.calls[2].deadline == deadline));
    BOOST_TEST((http.calls[3].deadline == deadline));
}

BOOST_AUTO_TEST_CASE(the_session_keeps_the_slugs_of_the_orgs_teams_only) {
    const std::string state = start_login();
    github_says_member();
    request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST((only_session().teams == std::vector<std::string>{"core", "ops"}));
}

// The end (a webhook, say) comes after membership was asked, while the login is still under
// way: it finds no session to end.
BOOST_AUTO_TEST_CASE(a_login_with_an_end_after_its_membership_was_asked_is_not_admitted) {
    const std::string state = start_login("/login?next=%2Fpage1");
    store.now = clock.now();
    github_says_member();
    store.before_update = [this] {
        store.before_update = nullptr;
        BOOST_TEST(store.end_sessions_of(kUserId, "Your access ended: test.") == 0u);
    };
    const http::Response response = request("GET", "/login/authorized?code=c0de&state=" + state);
    BOOST_TEST(response.status == 302);
    BOOST_TEST(response.header("Location") == "/");
    BOOST_TEST(store.sessions.empty());
    const http::Response page = request("GET", "/");
    BOOST_TEST(contains(page.body, "Please log in again"));
    BOOST_TEST(!contains(page.body, "Github userid"));
}

// Ends before the login asked GitHub, even in the same second, are GitHub's to answer.
BOOST_AUTO_TEST_CASE(an_end_before_membership_was_asked_does_not_stop_a_login) {
    store.end_sessions_of(kUserId, "Your access ended: test.");
    const std::string state = start_login("/login?next=%2Fpage1");
    store.now = clock.now();
    github_says_member();
    request("GET", "/login/authorized?code=c0de&state=" + state);
    BOOST_TEST(only_session().user->login == "mona");
}

BOOST_AUTO_TEST_CASE(a_failed_teams_call_fails_the_login_and_stores_nothing) {
    const std::string state = start_login("/login?next=%2Fpage1");
    http.answer(200, std::string(R"({"access_token":")") + kToken + R"("})");
    http.answer(200, kUserJson);
    http.answer(200, R"({"state":"active","role":"member"})");
    http.answer(503, "<html>Unicorn!</html>");
    const http::Response response = request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(response.status == 302);
    BOOST_TEST(response.header("Location") == "/");
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST(session_id().empty());
    BOOST_TEST(contains(log.back(), "GET /user/teams (page 1): HTTP 503"), log.back());
    const http::Response page = request("GET", "/");
    BOOST_TEST(contains(page.body, "GitHub is having trouble right now (HTTP 503)"));
    BOOST_TEST(!contains(page.body, "Github userid"));
}

BOOST_AUTO_TEST_CASE(teams_beyond_ten_pages_are_logged_as_truncated) {
    const std::string state = start_login();
    http.answer(200, std::string(R"({"access_token":")") + kToken + R"("})");
    http.answer(200, kUserJson);
    http.answer(200, R"({"state":"active","role":"member"})");
    for (int page = 1; page <= 10; ++page) {
        const std::string next =
            "https://api.github.test/user/teams?per_page=100&page=" + std::to_string(page + 1);
        http.answer(
            200, R"([{"slug":"t)" + std::to_string(page) + R"(","organization":{"login":"acme"}}])",
            {{"link", "<" + next + R"(>; rel="next")"}});
    }
    request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(only_session().teams.size() == 10u);
    bool logged = false;
    for (const auto& line : log)
        logged = logged || (contains(line, "event=teams_truncated") && contains(line, "user=mona"));
    BOOST_TEST(logged);
}

BOOST_AUTO_TEST_CASE(logging_in_again_replaces_the_old_session) {
    const std::string state = start_login();
    github_says_member();
    request("GET", "/login/authorized?code=c&state=" + state);
    const std::string first_id = session_id();
    clock.advance(3600);
    store.now = clock.now();
    const std::string again = start_login();
    github_says_member();
    request("GET", "/login/authorized?code=c&state=" + again);
    BOOST_TEST(session_id() != first_id);
    BOOST_TEST(store.sessions.count(first_id) == 0u);
    BOOST_TEST(only_session().created_at == clock.now());
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

BOOST_AUTO_TEST_CASE(an_unsafe_or_overlong_next_falls_back_to_home) {
    const std::string overlong = "%2F" + std::string(2100, 'a');
    for (const std::string& next :
         {std::string("//evil.test"), std::string("https%3A%2F%2Fevil.test"),
          std::string("%2F%5Cevil.test"), overlong}) {
        jar.clear();
        const std::string state = start_login("/login?next=" + next);
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
    BOOST_TEST(store.sessions.empty());
    const http::Response page = request("GET", "/");
    BOOST_TEST(contains(page.body, "This login could not be verified"));
    BOOST_TEST(!contains(page.body, "Github userid"));
}

BOOST_AUTO_TEST_CASE(a_forged_login_cookie_is_worth_nothing) {
    const std::string state = start_login();
    const std::string name = web::login_cookie_name(state);
    jar[name] = login_box.seal("s=" + state + "&v=x&n=%2F&t=1").substr(1) + "A";
    request("GET", "/login/authorized?code=c&state=" + state);
    // Sealed under another key (another purpose): also refused.
    jar[name] = flash_box.seal(web::encode_pending_login({state, "v", "/", clock.now()}));
    request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_CASE(a_state_works_once_even_with_a_replayed_cookie) {
    const std::string state = start_login();
    const auto replayed_jar = jar;  // what an attacker copied before the callback
    github_says_member();
    request("GET", "/login/authorized?code=c&state=" + state);
    const std::size_t calls = http.calls.size();
    request("GET", "/logout");  // just a page view, to consume the flash
    const http::Response replay = request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(replay.status == 302);
    BOOST_TEST(contains(request("GET", "/").body, "This login could not be verified"));
    jar = replayed_jar;
    request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(http.calls.size() == calls);
    BOOST_TEST(contains(request("GET", "/").body, "This login could not be verified"));
}

BOOST_AUTO_TEST_CASE(a_pending_login_expires_after_ten_minutes) {
    const std::string state = start_login();
    clock.advance(web::kPendingLoginLifetime);
    request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(http.calls.empty());
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

BOOST_AUTO_TEST_CASE(a_non_member_is_turned_away_with_nothing_stored) {
    const std::string state = start_login();
    http.answer(200, std::string(R"({"access_token":")") + kToken + R"("})");
    http.answer(200, kUserJson);
    http.answer(404, R"({"message":"Not Found"})");
    const http::Response response = request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(response.status == 302);
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST(session_id().empty());
    const http::Response page = request("GET", "/");
    BOOST_TEST(contains(page.body, "Unable to login: mona is not a member of acme"));
    BOOST_TEST(contains(page.body, "href=\"/login?prompt=select_account\""));
    BOOST_TEST(contains(page.body, "alert-warning"));
}

BOOST_AUTO_TEST_CASE(github_unreachable_is_a_clear_message_not_a_5xx) {
    const std::string state = start_login();
    const http::Response response = request("GET", "/login/authorized?code=c&state=" + state);
    BOOST_TEST(response.status == 302);
    BOOST_TEST(contains(request("GET", "/").body, "could not reach GitHub"));
}

BOOST_AUTO_TEST_CASE(two_tabs_that_start_at_the_same_moment_both_log_in) {
    // Both /login requests carry the same cookies: neither response may undo the other.
    const std::map<std::string, std::string> before = jar;
    const std::string first = start_login("/login?next=%2Fpage1");
    const std::map<std::string, std::string> after_first = jar;
    jar = before;
    const std::string second = start_login("/login?next=%2Fpage2");
    for (const auto& cookie : after_first)
        jar.insert(cookie);
    github_says_member();
    BOOST_TEST(request("GET", "/login/authorized?code=a&state=" + first).header("Location") ==
               "/page1");
    github_says_member();
    BOOST_TEST(request("GET", "/login/authorized?code=b&state=" + second).header("Location") ==
               "/page2");
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

BOOST_AUTO_TEST_CASE(only_the_callback_waits_on_github_and_its_busy_answer_touches_nothing) {
    BOOST_TEST(app.calls_github(make_request("GET", "/login/authorized?state=x")));
    for (const char* path : {"/", "/page1", "/login", "/healthz", "/metrics"})
        BOOST_TEST(!app.calls_github(make_request("GET", path)), path);
    BOOST_TEST(!app.calls_github(make_request("POST", "/logout")));

    const std::string state = start_login();
    const http::Response busy = app.busy(make_request("GET", "/login/authorized?state=" + state));
    BOOST_TEST(busy.status == 503);
    BOOST_TEST(busy.header("Retry-After") == "5");
    BOOST_TEST(contains(busy.body, "Too many logins right now, try again in a moment"));
    BOOST_TEST(busy.header("Set-Cookie").empty());
    BOOST_TEST(busy.header("Content-Security-Policy") ==
               web::content_security_policy(config.github_url));
    // The state was not spent: once the lane has room, the same callback logs in.
    github_says_member();
    BOOST_TEST(request("GET", "/login/authorized?code=c&state=" + state).header("Location") == "/");
    BOOST_TEST(only_session().user->login == "mona");
}

BOOST_AUTO_TEST_CASE(logout_revokes_the_github_token_in_the_lane) {
    const std::string state = start_login();
    github_says_member();
    request("GET", "/login/authorized?code=c&state=" + state);
    const std::string csrf = only_session().values.at(web::kCsrfTokenKey);
    http.answer(204, "");
    const http::Response response = request("POST", "/logout", "csrf_token=" + csrf);
    BOOST_TEST(response.status == 303);
    BOOST_TEST(lane.runs == 1);
    const auto& revoke = http.calls.back();
    BOOST_TEST(revoke.method == "DELETE");
    BOOST_TEST(revoke.url == "https://api.github.test/applications/client-id/token");
    BOOST_TEST(contains(revoke.body, kToken));
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST(contains(request("GET", "/").body, "You were logged out"));
}

BOOST_AUTO_TEST_CASE(logout_happens_even_when_the_lane_is_full) {
    const std::string state = start_login();
    github_says_member();
    request("GET", "/login/authorized?code=c&state=" + state);
    const std::string csrf = only_session().values.at(web::kCsrfTokenKey);
    const std::size_t calls = http.calls.size();
    lane.full = true;
    BOOST_TEST(request("POST", "/logout", "csrf_token=" + csrf).status == 303);
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST(http.calls.size() == calls);
    BOOST_TEST(contains(log.back(), "token revocation skipped"));
    BOOST_TEST(contains(request("GET", "/").body, "You were logged out"));
}

BOOST_AUTO_TEST_SUITE_END()
