// POST /_orggate/webhook through the whole app: absent without a secret, signatures checked
// before anything is read, and what each event does to the user's sessions.
#include "web/webhook.hpp"

#include <boost/test/unit_test.hpp>

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "recheck/fake_user_store.hpp"
#include "support/app_fixture.hpp"

using namespace orggate;

namespace {

const std::string kSecret = "webhook-SECRET-0123456789";

std::string member_removed(const std::string& org = "ACME", std::int64_t id = 1234) {
    return R"({"action":"member_removed","membership":{"state":"active","role":"member","user":)"
           R"({"login":"mona","id":)" +
           std::to_string(id) + R"(}},"organization":{"login":")" + org +
           R"(","id":9},"sender":{"login":"owner","id":1}})";
}

std::string team_removed(const std::string& team) {
    return R"({"action":"removed","scope":"team","member":{"login":"mona","id":1234},)"
           R"("sender":{"login":"owner","id":1},"team":)" +
           team + R"(,"organization":{"login":"acme","id":9}})";
}

struct WebhookFixture : testing::AppFixture {
    testing::FakeUserStore users;
    std::vector<IndexedUser> rechecks_asked;

    WebhookFixture() {
        config.webhook_secret = kSecret;
        users.add_session(1234, "mona", "t1", 100, {"core", "docs"});
        users.add_session(1234, "mona", "t2", 200, {"core", "docs"});
        users.add_session(42, "hubot", "t3", 100);
    }

    web::App webhook_app() {
        web::Services s = services();
        return web::App(web::Services{
            s.config, users, s.tokens, s.views, s.clock, s.github, s.token_box, s.login_box,
            s.flash_box, s.spent_states, s.github_lane, s.metrics, s.log, s.rule_warnings,
            [this](const IndexedUser& u) { rechecks_asked.push_back(u); }});
    }

    http::Response deliver(const std::string& event, const std::string& body,
                           const std::string& signature_secret = kSecret,
                           const std::string& method = "POST") {
        http::Request request = make_request(method, "/_orggate/webhook", body);
        request.content_type = "application/json";
        request.github_event = event;
        request.github_delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
        if (!signature_secret.empty()) {
            request.hub_signature_256 =
                "sha256=" + crypto::hex_encode(crypto::hmac_sha256(signature_secret, body));
        }
        return webhook_app().handle(request);
    }

    std::string last_log() const { return log.empty() ? "" : log.back(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(webhook, WebhookFixture)

BOOST_AUTO_TEST_CASE(without_a_secret_the_endpoint_does_not_exist) {
    config.webhook_secret.clear();
    BOOST_TEST(deliver("organization", member_removed()).status == 404);
    BOOST_TEST(deliver("organization", member_removed(), kSecret, "GET").status == 404);
    BOOST_TEST(users.has_sessions(1234));
}

BOOST_AUTO_TEST_CASE(a_forged_or_missing_signature_is_refused_logged_and_ignored) {
    BOOST_TEST(deliver("organization", member_removed(), "another-secret-0123456789").status ==
               401);
    BOOST_TEST(last_log().find("event=webhook result=bad_signature") != std::string::npos,
               last_log());
    BOOST_TEST(last_log().find("signature=mismatch") != std::string::npos);
    BOOST_TEST(deliver("organization", member_removed(), "").status == 401);
    BOOST_TEST(last_log().find("signature=missing") != std::string::npos);
    BOOST_TEST(users.has_sessions(1234));
    BOOST_TEST(last_log().find(kSecret) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_ping_is_answered) {
    const http::Response response = deliver("ping", R"({"zen":"Keep it logically awesome.",)"
                                                    R"("hook_id":30,"hook":{"id":30}})");
    BOOST_TEST(response.status == 200);
    BOOST_TEST(last_log().find("result=ping") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(member_removed_ends_every_session_of_that_user_only) {
    BOOST_TEST(deliver("organization", member_removed()).status == 204);
    BOOST_TEST(!users.has_sessions(1234));
    BOOST_TEST(users.ended.at(1234).find("Your access ended") == 0u);
    BOOST_TEST(users.has_sessions(42));
    BOOST_TEST(last_log().find("result=member_removed") != std::string::npos);
    BOOST_TEST(last_log().find("sessions_ended=2") != std::string::npos, last_log());
    BOOST_TEST(metrics.render().find("orggate_sessions_ended_total{reason=\"not_member\"} 2") !=
               std::string::npos);
    // The same delivery again: nothing left to end, the same answer.
    BOOST_TEST(deliver("organization", member_removed()).status == 204);
    BOOST_TEST(last_log().find("sessions_ended=0") != std::string::npos, last_log());
}

BOOST_AUTO_TEST_CASE(another_orgs_event_and_other_events_change_nothing) {
    BOOST_TEST(deliver("organization", member_removed("other-org")).status == 202);
    BOOST_TEST(users.has_sessions(1234));
    BOOST_TEST(deliver("push", R"({"ref":"refs/heads/main"})").status == 202);
    BOOST_TEST(users.has_sessions(1234));
}

BOOST_AUTO_TEST_CASE(a_signed_body_that_cannot_be_read_is_a_400) {
    BOOST_TEST(deliver("organization", "{not json").status == 400);
    BOOST_TEST(users.has_sessions(1234));
}

BOOST_AUTO_TEST_CASE(leaving_a_team_drops_it_from_the_sessions_and_asks_a_recheck) {
    BOOST_TEST(
        deliver("membership", team_removed(R"({"name":"Core","id":7,"slug":"core"})")).status ==
        204);
    BOOST_TEST(users.teams_of(1234) == std::vector<std::string>{"docs"});
    BOOST_TEST(users.has_sessions(1234));
    BOOST_TEST_REQUIRE(rechecks_asked.size() == 1u);
    BOOST_TEST(rechecks_asked[0].id == 1234);
}

// The session used last may not hold the team (it logged in after she joined another); an older
// one that does loses it all the same.
BOOST_AUTO_TEST_CASE(leaving_a_team_drops_it_from_every_session_not_only_the_newest) {
    users.add_session(1234, "mona", "t4", 300, {"docs"});
    BOOST_TEST(
        deliver("membership", team_removed(R"({"name":"Core","id":7,"slug":"core"})")).status ==
        204);
    using Teams = std::vector<std::string>;
    BOOST_TEST((users.teams_of_each(1234) == std::vector<Teams>{{"docs"}, {"docs"}, {"docs"}}));
}

BOOST_AUTO_TEST_CASE(a_deleted_team_without_a_slug_asks_a_recheck) {
    BOOST_TEST(
        deliver("membership", team_removed(R"({"name":"Core","id":7,"deleted":true})")).status ==
        204);
    BOOST_TEST(users.teams_of(1234) == (std::vector<std::string>{"core", "docs"}));
    BOOST_TEST(rechecks_asked.size() == 1u);
}

BOOST_AUTO_TEST_CASE(only_post_is_allowed) {
    const http::Response response = deliver("ping", "{}", kSecret, "GET");
    BOOST_TEST(response.status == 405);
    BOOST_TEST(response.header("Allow") == "POST");
}

BOOST_AUTO_TEST_SUITE_END()
