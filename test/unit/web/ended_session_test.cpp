// Sessions ended from outside and "Log out everywhere", through the app over the memory store.
#include <boost/test/unit_test.hpp>

#include "support/app_fixture.hpp"
#include "web/logout_everywhere.hpp"
#include "web/sealed_token.hpp"
#include "web/session_keys.hpp"

using namespace orggate;
using testing::contains;

namespace {

const std::string kBrowserA(43, 'A');
const std::string kBrowserB(43, 'B');
const std::string kHubotsBrowser(43, 'H');
const std::string kSentence = "Your access ended: you are no longer a member of acme.";

struct Fixture : testing::AppFixture {
    void log_in(const std::string& id, const std::string& login, std::int64_t user_id) {
        UserProfile user;
        user.login = login;
        user.id = user_id;
        user.avatar_url = "https://avatars.test/" + login;
        Session session{clock.now(), clock.now(), {{web::kCsrfTokenKey, "csrf-" + id}}, user};
        web::put_sealed_token(session.values, token_box, "gho_token_" + id);
        store.sessions[id] = session;
    }
    void use_browser(const std::string& id) { jar = {{"orggate_session", id}}; }

    http::Request gate_check() const {
        http::Request request = make_request("GET", "/_orggate/check");
        request.request_uri = "/docs/";
        return request;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ended_sessions, Fixture)

BOOST_AUTO_TEST_CASE(an_ended_session_shows_its_sentence_once_and_is_anonymous) {
    log_in(kBrowserA, "mona", 7);
    store.end_sessions_of(7, kSentence);
    use_browser(kBrowserA);
    const http::Response page = request("GET", "/");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(contains(page.body, kSentence));
    BOOST_TEST(contains(page.body, "href=\"/login\""));
    BOOST_TEST(!contains(page.body, "Github userid"));
    BOOST_TEST(store.sessions.count(kBrowserA) == 0u);  // forgotten, and the cookie cleared
    BOOST_TEST(jar.count("orggate_session") == 0u);
    BOOST_TEST(!contains(request("GET", "/").body, kSentence));
}

BOOST_AUTO_TEST_CASE(the_gate_check_refuses_an_ended_session_without_writing) {
    log_in(kBrowserA, "mona", 7);
    store.end_sessions_of(7, kSentence);
    use_browser(kBrowserA);
    const int writes = store.writes;
    BOOST_TEST(send(gate_check()).status == 401);
    BOOST_TEST(store.writes == writes);
    BOOST_TEST(store.sessions.at(kBrowserA).ended == kSentence);  // left for the next page
    BOOST_TEST(contains(request("GET", "/").body, kSentence));
}

BOOST_AUTO_TEST_CASE(log_out_everywhere_ends_every_session_of_the_user_and_revokes_each_token) {
    log_in(kBrowserA, "mona", 7);
    log_in(kBrowserB, "mona", 7);
    log_in(kHubotsBrowser, "hubot", 8);
    use_browser(kBrowserA);
    const http::Response done =
        request("POST", "/logout/everywhere", "csrf_token=csrf-" + kBrowserA);
    BOOST_TEST(done.status == 303);
    BOOST_TEST(store.sessions.count(kBrowserA) == 0u);
    BOOST_TEST(!store.sessions.at(kBrowserB).user);
    BOOST_TEST(store.sessions.at(kBrowserB).ended == web::kLoggedOutEverywhereMessage);
    BOOST_TEST(store.sessions.at(kHubotsBrowser).user->login == "hubot");
    BOOST_TEST(contains(request("GET", "/").body, "1 other session ended too"));
    BOOST_REQUIRE_EQUAL(http.calls.size(), 2u);
    std::string revoked;
    for (const auto& call : http.calls) {
        BOOST_TEST(call.method == "DELETE");
        revoked += call.body;
    }
    BOOST_TEST(contains(revoked, "gho_token_" + kBrowserA));
    BOOST_TEST(contains(revoked, "gho_token_" + kBrowserB));
    use_browser(kBrowserB);
    BOOST_TEST(contains(request("GET", "/").body, "was used for your account."));
    BOOST_TEST(contains(request("GET", "/page1").body, "Login"));
}

BOOST_AUTO_TEST_CASE(log_out_everywhere_without_the_csrf_token_ends_nothing) {
    log_in(kBrowserA, "mona", 7);
    log_in(kBrowserB, "mona", 7);
    use_browser(kBrowserA);
    BOOST_TEST(request("POST", "/logout/everywhere", "csrf_token=forged").status == 303);
    BOOST_TEST(store.sessions.at(kBrowserA).user.has_value());
    BOOST_TEST(store.sessions.at(kBrowserB).user.has_value());
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_CASE(logged_in_pages_offer_log_out_everywhere_with_the_csrf_token) {
    log_in(kBrowserA, "mona", 7);
    use_browser(kBrowserA);
    const std::string page = request("GET", "/").body;
    BOOST_TEST(contains(page, "action=\"/logout/everywhere\""));
    BOOST_TEST(contains(page, "value=\"csrf-" + kBrowserA + "\""));
}

BOOST_AUTO_TEST_SUITE_END()
