// One user's re-check against a scripted GitHub and an in-memory store: which token asks, what
// each answer does to the sessions and the record, and that the token never reaches the log.
#include "recheck/user_recheck.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "recheck/fake_user_store.hpp"
#include "recheck/user_record.hpp"
#include "session/storage_error.hpp"
#include "support/fake_http_client.hpp"

using namespace orggate;
using namespace orggate::recheck;
using orggate::testing::FakeHttpClient;

namespace {

constexpr std::int64_t kLogin = 1'700'000'000;
constexpr std::int64_t kMona = 583231;
const std::string kApi = "https://api.example.test";
const std::string kActive = R"({"state":"active","role":"member"})";

struct Fixture {
    FakeHttpClient http;
    const github::GitHubClient github{http, {"https://web.example.test", kApi, "id", "secret"}};
    testing::FakeUserStore store;
    Metrics metrics;
    std::vector<std::string> log;
    const RecheckServices services{store,
                                   github,
                                   [](const Session& session) -> std::optional<std::string> {
                                       const auto token = session.values.find("token");
                                       if (token == session.values.end()) return std::nullopt;
                                       return token->second;
                                   },
                                   metrics,
                                   [this](const std::string& line) { log.push_back(line); },
                                   "octo-org",
                                   {300, 3600},
                                   std::chrono::seconds(10)};
    const IndexedUser mona{kMona, "mona"};

    Fixture() { store.add_session(kMona, "mona", "gho_monaTOKEN", kLogin); }

    UserCheck check_at(std::int64_t now) { return recheck_user(services, mona, now); }

    UserRecord record() {
        const auto json = store.load_user_record(kMona);
        BOOST_TEST_REQUIRE(json.has_value());
        return user_record_from_json(*json).value();
    }

    std::string all_log() const {
        std::string text;
        for (const std::string& line : log)
            text += line + "\n";
        return text;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(user_recheck, Fixture)

BOOST_AUTO_TEST_CASE(before_the_interval_after_the_login_github_is_not_asked) {
    BOOST_TEST((check_at(kLogin + 299) == UserCheck::kNotDue));
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_CASE(an_active_member_is_kept_and_the_etag_stored_for_next_time) {
    http.answer(200, kActive, {{"etag", "W/\"m1\""}});
    BOOST_TEST((check_at(kLogin + 300) == UserCheck::kAsked));
    BOOST_TEST_REQUIRE(http.calls.size() == 1u);
    BOOST_TEST(http.calls[0].url == kApi + "/user/memberships/orgs/octo-org");
    BOOST_TEST(FakeHttpClient::header(http.calls[0], "Authorization") == "Bearer gho_monaTOKEN");
    BOOST_TEST(FakeHttpClient::header(http.calls[0], "If-None-Match").empty());
    BOOST_TEST(store.has_sessions(kMona));
    BOOST_TEST(record().etag == "W/\"m1\"");
    BOOST_TEST(record().state.last_success == kLogin + 300);

    // The next interval: the stored ETag goes along, and a 304 keeps the member.
    http.answer(304, "");
    BOOST_TEST((check_at(kLogin + 599) == UserCheck::kNotDue));
    BOOST_TEST((check_at(kLogin + 600) == UserCheck::kAsked));
    BOOST_TEST(FakeHttpClient::header(http.calls[1], "If-None-Match") == "W/\"m1\"");
    BOOST_TEST(store.has_sessions(kMona));
    BOOST_TEST(record().etag == "W/\"m1\"");
    BOOST_TEST(record().state.last_success == kLogin + 600);
    BOOST_TEST(metrics.render().find("orggate_rechecks_total{outcome=\"not_modified\"} 1") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_removed_member_loses_every_session_with_a_sentence_naming_the_org) {
    store.add_session(kMona, "mona", "gho_secondTOKEN", kLogin + 10);
    http.answer(404, R"({"message":"Not Found"})");
    // The latest login counts: the interval runs from the second session's.
    BOOST_TEST((check_at(kLogin + 300) == UserCheck::kNotDue));
    BOOST_TEST((check_at(kLogin + 310) == UserCheck::kAsked));
    BOOST_TEST(http.calls.size() == 1u);  // one check per user, however many sessions
    BOOST_TEST(!store.has_sessions(kMona));
    BOOST_TEST(store.ended.at(kMona).find("Your access ended") == 0u);
    BOOST_TEST(store.ended.at(kMona).find("octo-org") != std::string::npos);
    const std::string text = all_log();
    BOOST_TEST(text.find("event=recheck user=mona outcome=not_member action=end") !=
               std::string::npos);
    BOOST_TEST(text.find("event=session_ended reason=not_member user=mona sessions=2") !=
               std::string::npos);
    BOOST_TEST(metrics.render().find("orggate_sessions_ended_total{reason=\"not_member\"} 2") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_newest_session_whose_token_opens_asks) {
    store.add_session(kMona, "mona", "", kLogin + 50);  // newest, but no token that opens
    store.add_session(kMona, "mona", "gho_newerTOKEN", kLogin + 20);
    http.answer(200, kActive);
    check_at(kLogin + 400);
    BOOST_TEST_REQUIRE(http.calls.size() == 1u);
    BOOST_TEST(FakeHttpClient::header(http.calls[0], "Authorization") == "Bearer gho_newerTOKEN");
}

BOOST_AUTO_TEST_CASE(without_a_token_that_opens_github_is_not_asked_until_the_next_interval) {
    testing::FakeUserStore empty_handed;
    empty_handed.add_session(7, "lost", "", kLogin);
    RecheckServices lost = services;
    const RecheckServices with_store{empty_handed, github,   lost.open_token, metrics,
                                     lost.log,     lost.org, lost.settings,   lost.github_timeout};
    BOOST_TEST((recheck_user(with_store, {7, "lost"}, kLogin + 300) == UserCheck::kNoToken));
    BOOST_TEST((recheck_user(with_store, {7, "lost"}, kLogin + 301) == UserCheck::kNotDue));
    BOOST_TEST(http.calls.empty());
    BOOST_TEST(empty_handed.has_sessions(7));
}

BOOST_AUTO_TEST_CASE(a_revoked_token_a_saml_block_and_a_pending_invitation_end_the_sessions) {
    struct Case {
        int status;
        std::string body;
        github::Headers headers;
        std::string reason;
    };
    const std::vector<Case> cases{
        {401, R"({"message":"Bad credentials"})", {}, "token_revoked"},
        {403,
         R"({"message":"Resource protected by organization SAML enforcement."})",
         {{"x-github-sso", "required; url=https://github.com/orgs/octo-org/sso?x=1"}},
         "saml"},
        {200, R"({"state":"pending","role":"member"})", {}, "pending"},
    };
    for (const Case& c : cases) {
        testing::FakeUserStore one;
        one.add_session(9, "sam", "gho_samTOKEN", kLogin);
        const RecheckServices with_store{
            one,          github,       services.open_token, metrics,
            services.log, services.org, services.settings,   services.github_timeout};
        http.answer(c.status, c.body, c.headers);
        recheck_user(with_store, {9, "sam"}, kLogin + 300);
        BOOST_TEST(!one.has_sessions(9), c.reason);
        BOOST_TEST(log.back().find("reason=" + c.reason) != std::string::npos, log.back());
    }
}

BOOST_AUTO_TEST_CASE(a_team_left_is_dropped_from_the_sessions_and_they_stay) {
    testing::FakeUserStore teams;
    teams.add_session(3, "lisa", "gho_lisaTOKEN", kLogin, {"core", "docs"});
    const RecheckServices with_store{
        teams,        github,       services.open_token, metrics,
        services.log, services.org, services.settings,   services.github_timeout};
    http.answer(200, kActive);
    http.answer(200, R"([{"slug":"core","organization":{"login":"octo-org"}}])");
    recheck_user(with_store, {3, "lisa"}, kLogin + 300);
    BOOST_TEST_REQUIRE(http.calls.size() == 2u);
    BOOST_TEST(http.calls[1].url.find("/user/teams") != std::string::npos);
    BOOST_TEST(teams.has_sessions(3));
    BOOST_TEST(teams.teams_of(3) == std::vector<std::string>{"core"});
    BOOST_TEST(log.back().find("action=update_teams") != std::string::npos, log.back());
}

BOOST_AUTO_TEST_CASE(a_team_left_goes_from_every_session_not_only_the_asking_one) {
    testing::FakeUserStore teams;
    teams.add_session(3, "lisa", "gho_laptopTOKEN", kLogin, {"a", "c"});
    teams.add_session(3, "lisa", "gho_phoneTOKEN", kLogin + 10, {"a"});  // newer: it asks
    const RecheckServices with_store{
        teams,        github,       services.open_token, metrics,
        services.log, services.org, services.settings,   services.github_timeout};
    http.answer(200, kActive);
    http.answer(200, R"([{"slug":"a","organization":{"login":"octo-org"}}])");
    BOOST_TEST((recheck_user(with_store, {3, "lisa"}, kLogin + 310) == UserCheck::kAsked));
    BOOST_TEST_REQUIRE(http.calls.size() == 2u);
    BOOST_TEST(FakeHttpClient::header(http.calls[1], "Authorization") == "Bearer gho_phoneTOKEN");
    // No live session holds a team GitHub did not list.
    const std::vector<std::vector<std::string>> each{{"a"}, {"a"}};
    BOOST_TEST((teams.teams_of_each(3) == each));
    BOOST_TEST(log.back().find("action=update_teams") != std::string::npos, log.back());
}

BOOST_AUTO_TEST_CASE(an_older_sessions_teams_are_checked_when_the_asking_one_holds_none) {
    testing::FakeUserStore teams;
    teams.add_session(3, "lisa", "gho_laptopTOKEN", kLogin, {"c"});
    teams.add_session(3, "lisa", "gho_phoneTOKEN", kLogin + 10);
    const RecheckServices with_store{
        teams,        github,       services.open_token, metrics,
        services.log, services.org, services.settings,   services.github_timeout};
    http.answer(200, kActive);
    http.answer(200, "[]");
    recheck_user(with_store, {3, "lisa"}, kLogin + 310);
    BOOST_TEST_REQUIRE(http.calls.size() == 2u);
    BOOST_TEST(http.calls[1].url.find("/user/teams") != std::string::npos);
    const std::vector<std::vector<std::string>> each{{}, {}};
    BOOST_TEST((teams.teams_of_each(3) == each));
}

BOOST_AUTO_TEST_CASE(teams_github_still_lists_in_every_session_change_nothing) {
    testing::FakeUserStore teams;
    teams.add_session(3, "lisa", "gho_laptopTOKEN", kLogin, {"a", "c"});
    teams.add_session(3, "lisa", "gho_phoneTOKEN", kLogin + 10, {"a"});
    const RecheckServices with_store{
        teams,        github,       services.open_token, metrics,
        services.log, services.org, services.settings,   services.github_timeout};
    http.answer(200, kActive);
    http.answer(200, R"([{"slug":"c","organization":{"login":"octo-org"}},)"
                     R"({"slug":"a","organization":{"login":"octo-org"}}])");
    recheck_user(with_store, {3, "lisa"}, kLogin + 310);
    // Joining a team (the phone's c) waits for a new login; nothing was left.
    const std::vector<std::vector<std::string>> each{{"a", "c"}, {"a"}};
    BOOST_TEST((teams.teams_of_each(3) == each));
    BOOST_TEST(log.back().find("action=keep") != std::string::npos, log.back());
}

BOOST_AUTO_TEST_CASE(a_rate_limited_teams_call_is_honoured_no_call_before_retry_after) {
    testing::FakeUserStore teams;
    teams.add_session(3, "lisa", "gho_lisaTOKEN", kLogin, {"core"});
    const RecheckServices with_store{
        teams,        github,       services.open_token, metrics,
        services.log, services.org, {300, 7200},         services.github_timeout};
    http.answer(200, kActive);
    http.answer(429, R"({"message":"You have exceeded a secondary rate limit."})",
                {{"retry-after", "3600"}});
    BOOST_TEST((recheck_user(with_store, {3, "lisa"}, kLogin + 300) == UserCheck::kAsked));
    BOOST_TEST(log.back().find("outcome=rate_limited action=keep") != std::string::npos,
               log.back());
    BOOST_TEST(metrics.render().find("orggate_rechecks_total{outcome=\"rate_limited\"} 1") !=
               std::string::npos);
    const auto json = teams.load_user_record(3);
    BOOST_TEST_REQUIRE(json.has_value());
    BOOST_TEST(user_record_from_json(*json).value().state.not_before == kLogin + 3900);
    BOOST_TEST((recheck_user(with_store, {3, "lisa"}, kLogin + 600) == UserCheck::kNotDue));
    BOOST_TEST((recheck_user(with_store, {3, "lisa"}, kLogin + 3899, true) == UserCheck::kNotDue));
    BOOST_TEST(http.calls.size() == 2u);
    BOOST_TEST(teams.teams_of(3) == std::vector<std::string>{"core"});  // nothing was learnt
    http.answer(200, kActive);
    http.answer(200, R"([{"slug":"core","organization":{"login":"octo-org"}}])");
    BOOST_TEST((recheck_user(with_store, {3, "lisa"}, kLogin + 3900) == UserCheck::kAsked));
    BOOST_TEST(http.calls.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_member_in_no_team_costs_one_call) {
    http.answer(200, kActive);
    check_at(kLogin + 300);
    BOOST_TEST(http.calls.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_outage_keeps_access_for_the_grace_then_ends_it) {
    http.fallback.transport = github::Transport::kOk;
    http.fallback.status = 503;
    BOOST_TEST((check_at(kLogin + 300) == UserCheck::kAsked));
    BOOST_TEST(store.has_sessions(kMona));
    BOOST_TEST(log.back().find("outcome=unavailable action=keep") != std::string::npos, log.back());
    BOOST_TEST((check_at(kLogin + 3599) == UserCheck::kAsked));
    BOOST_TEST(store.has_sessions(kMona));
    BOOST_TEST((check_at(kLogin + 3600) == UserCheck::kAsked));
    BOOST_TEST(!store.has_sessions(kMona));
    BOOST_TEST(store.ended.at(kMona).find("Your access ended") == 0u);
    BOOST_TEST(all_log().find("reason=github_unreachable") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_rate_limit_is_honoured_no_call_before_retry_after) {
    http.answer(429, R"({"message":"You have exceeded a secondary rate limit."})",
                {{"retry-after", "900"}});
    check_at(kLogin + 300);
    BOOST_TEST(record().state.not_before == kLogin + 1200);
    BOOST_TEST((check_at(kLogin + 600) == UserCheck::kNotDue));
    BOOST_TEST((check_at(kLogin + 1199) == UserCheck::kNotDue));
    BOOST_TEST((recheck_user(services, mona, kLogin + 1199, true) == UserCheck::kNotDue));
    BOOST_TEST(http.calls.size() == 1u);
    http.answer(200, kActive);
    BOOST_TEST((check_at(kLogin + 1200) == UserCheck::kAsked));
    BOOST_TEST(store.has_sessions(kMona));
}

BOOST_AUTO_TEST_CASE(asked_now_a_user_is_checked_before_the_interval) {
    http.answer(200, kActive);
    BOOST_TEST((recheck_user(services, mona, kLogin + 5, true) == UserCheck::kAsked));
    BOOST_TEST(http.calls.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_store_that_cannot_keep_the_answer_says_when_to_ask_again) {
    store.fail_writes = true;
    http.answer(200, kActive);
    BOOST_CHECK_EXCEPTION(check_at(kLogin + 300), UnsavedRecheck, [](const UnsavedRecheck& error) {
        return error.not_before() == kLogin + 600;  // as the record's
    });
    // An end that could not be written: no new question for an interval either.
    http.answer(404, R"({"message":"Not Found"})");
    BOOST_CHECK_EXCEPTION(check_at(kLogin + 300), UnsavedRecheck, [](const UnsavedRecheck& error) {
        return error.not_before() == kLogin + 600;
    });
    BOOST_TEST(http.calls.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_store_that_fails_before_github_is_asked_is_a_storage_error) {
    testing::FakeUserStore empty_handed;
    empty_handed.add_session(7, "lost", "", kLogin);
    empty_handed.fail_writes = true;
    const RecheckServices with_store{
        empty_handed, github,       services.open_token, metrics,
        services.log, services.org, services.settings,   services.github_timeout};
    BOOST_CHECK_THROW(recheck_user(with_store, {7, "lost"}, kLogin + 300), StorageError);
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_CASE(the_token_never_reaches_the_log) {
    http.answer(401, R"({"message":"Bad credentials"})");
    check_at(kLogin + 300);
    BOOST_TEST(!log.empty());
    BOOST_TEST(all_log().find("gho_monaTOKEN") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_new_login_after_the_grace_ran_out_starts_a_new_grace) {
    // An old record of a check long ago, under a rate limit: alone it would end the sessions.
    const UserRecord old{{kLogin - 7200, kLogin - 7200, kLogin + 1000}, ""};
    store.save_user_record(kMona, user_record_to_json(old));
    BOOST_TEST((check_at(kLogin + 10) == UserCheck::kNotDue));
    BOOST_TEST(store.has_sessions(kMona));
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_CASE(a_damaged_record_starts_afresh_from_the_login) {
    store.save_user_record(kMona, "{not json");
    BOOST_TEST((check_at(kLogin + 100) == UserCheck::kNotDue));
    BOOST_TEST(http.calls.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(user_record)

BOOST_AUTO_TEST_CASE(a_record_reads_back_as_written) {
    const UserRecord written{{kLogin, kLogin + 5, kLogin + 60}, "W/\"abc\""};
    const auto read = user_record_from_json(user_record_to_json(written));
    BOOST_TEST_REQUIRE(read.has_value());
    BOOST_TEST(read->state.last_success == kLogin);
    BOOST_TEST(read->state.last_attempt == kLogin + 5);
    BOOST_TEST(read->state.not_before == kLogin + 60);
    BOOST_TEST(read->etag == "W/\"abc\"");
}

BOOST_AUTO_TEST_CASE(anything_else_is_no_record) {
    for (const char* json :
         {"", "[]", "{}", R"({"last_success":"x","last_attempt":0,"not_before":0,"etag":""})",
          R"({"last_success":-1,"last_attempt":0,"not_before":0,"etag":""})",
          R"({"last_success":1,"last_attempt":0,"not_before":0})"}) {
        BOOST_TEST(!user_record_from_json(json), json);
    }
}

BOOST_AUTO_TEST_SUITE_END()
