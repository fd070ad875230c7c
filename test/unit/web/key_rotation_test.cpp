// APP_SECRET_KEY rotation through the app: the previous key keeps sessions logged in and its
// tokens move to the new key on the next write; once it is gone, such sessions end cleanly.
#include <boost/test/unit_test.hpp>

#include "support/app_fixture.hpp"
#include "web/retired_key_session.hpp"
#include "web/sealed_token.hpp"
#include "web/session_keys.hpp"

using namespace orggate;

namespace {

const std::string kOldKey(32, 'o');
const std::string kNewKey(32, 'n');
const std::string kToken = "gho_tokenOfMona";
const std::string kSessionId(43, 'M');

struct Fixture : testing::AppFixture {
    const crypto::SealedBox old_box{kOldKey, "token"};
    const crypto::SealedBox new_box{kNewKey, "token"};

    // The app after a restart with these token keys (current first).
    web::App app_with_keys(const crypto::SealedBox& keys) {
        web::Services wired = services();
        return web::App(web::Services{wired.config, wired.store, wired.tokens, wired.views,
                                      wired.clock, wired.github, keys, wired.login_box,
                                      wired.flash_box, wired.spent_states, wired.github_lane,
                                      wired.metrics, wired.log, wired.rule_warnings});
    }

    // Mona's session, its token sealed under the old key, last written `seen_ago` seconds ago.
    void log_in_under_old_key(std::int64_t seen_ago) {
        UserProfile user;
        user.login = "mona";
        user.id = 7;
        Session session{clock.now(), clock.now() - seen_ago, {{"csrf_token", "t"}}, user};
        web::put_sealed_token(session.values, old_box, kToken);
        store.sessions[kSessionId] = session;
        jar["orggate_session"] = kSessionId;
    }

    http::Response send_to(const web::App& other, const http::Request& request) {
        http::Response response = other.handle(request);
        keep_cookies(response);
        return response;
    }

    http::Request gate_check() const {
        http::Request request = make_request("GET", "/_orggate/check");
        request.request_uri = "/docs/";
        return request;
    }

    const std::string& stored(const char* name) {
        return store.sessions.at(kSessionId).values[name];
    }

    std::string whole_log() const {
        std::string text;
        for (const std::string& line : log)
            text += line + "\n";
        return text;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(key_rotation, Fixture)

BOOST_AUTO_TEST_CASE(with_the_old_key_as_previous_the_user_stays_logged_in_without_a_write) {
    log_in_under_old_key(0);
    const crypto::SealedBox rotated({kNewKey, kOldKey}, "token");
    const web::App rotated_app = app_with_keys(rotated);
    const auto page = send_to(rotated_app, make_request("GET", "/"));
    BOOST_TEST(page.status == 200);
    BOOST_TEST(testing::contains(page.body, "mona"));
    BOOST_TEST(send_to(rotated_app, gate_check()).status == 204);
    // Re-sealing waits for a write the session needs anyway.
    BOOST_TEST(store.writes == 0);
    BOOST_TEST(stored(web::kGitHubTokenKeyIdKey) == old_box.key_id());
}

BOOST_AUTO_TEST_CASE(the_next_write_reseals_the_token_under_the_current_key) {
    // Seen more than the keep-alive interval ago: the gate check's refresh writes the session.
    log_in_under_old_key(kKeepAliveRefreshInterval + 1);
    const crypto::SealedBox rotated({kNewKey, kOldKey}, "token");
    BOOST_TEST(send_to(app_with_keys(rotated), gate_check()).status == 204);
    BOOST_TEST(store.writes == 1);
    BOOST_TEST(stored(web::kGitHubTokenKeyIdKey) == new_box.key_id());
    BOOST_TEST(new_box.open(stored(web::kGitHubTokenKey)).value_or("(refused)") == kToken);
    BOOST_TEST(!old_box.open(stored(web::kGitHubTokenKey)));
    // So the old key can go: the session outlives it.
    const auto page = send_to(app_with_keys(new_box), make_request("GET", "/"));
    BOOST_TEST(testing::contains(page.body, "mona"));
    BOOST_TEST(!testing::contains(page.body, web::kKeyRetiredMessage));
}

BOOST_AUTO_TEST_CASE(logout_still_opens_the_token_sealed_under_the_previous_key) {
    log_in_under_old_key(0);
    const crypto::SealedBox rotated({kNewKey, kOldKey}, "token");
    http.answer(204, "");
    const auto answer =
        send_to(app_with_keys(rotated), make_request("POST", "/logout", "csrf_token=t"));
    BOOST_TEST(answer.status == 303);
    BOOST_TEST(store.sessions.empty());
    // The inline lane ran the revocation: it carried the token the old key had sealed.
    BOOST_REQUIRE(http.calls.size() == 1u);
    BOOST_TEST(http.calls[0].method == "DELETE");
    BOOST_TEST(testing::contains(http.calls[0].body, kToken));
}

BOOST_AUTO_TEST_CASE(once_the_old_key_is_gone_the_gate_check_answers_401_and_writes_nothing) {
    log_in_under_old_key(kKeepAliveRefreshInterval + 1);
    const auto response = send_to(app_with_keys(new_box), gate_check());
    BOOST_TEST(response.status == 401);
    BOOST_TEST(response.header("Set-Cookie").empty());
    BOOST_TEST(store.writes == 0);
    BOOST_TEST(store.sessions.count(kSessionId) == 1u);
    BOOST_TEST(!testing::contains(metrics.render(), "key_retired"), "not ended by the check");
}

BOOST_AUTO_TEST_CASE(once_the_old_key_is_gone_the_next_page_ends_the_session_with_a_message) {
    log_in_under_old_key(0);
    const std::string sealed = stored(web::kGitHubTokenKey);
    const web::App app_after = app_with_keys(new_box);
    const auto page = send_to(app_after, make_request("GET", "/page1"));
    BOOST_TEST(page.status == 200);
    BOOST_TEST(testing::contains(page.body, web::kKeyRetiredMessage));
    BOOST_TEST(!testing::contains(page.body, "mona"));
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST(jar.count("orggate_session") == 0u);
    BOOST_TEST(testing::contains(whole_log(), "event=session_ended"));
    BOOST_TEST(testing::contains(whole_log(), "reason=key_retired"));
    BOOST_TEST(testing::contains(metrics.render(),
                                 "orggate_sessions_ended_total{reason=\"key_retired\"} 1\n"));
    BOOST_TEST(!testing::contains(whole_log(), kToken));
    BOOST_TEST(!testing::contains(whole_log(), sealed));
    // Shown once; the visitor is simply anonymous after.
    const auto again = send_to(app_after, make_request("GET", "/"));
    BOOST_TEST(!testing::contains(again.body, web::kKeyRetiredMessage));
}

BOOST_AUTO_TEST_SUITE_END()
