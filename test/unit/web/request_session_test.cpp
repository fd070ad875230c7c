// One request's session: only a login makes one; fresh ids, cookie changes, refresh, logout.
#include "web/request_session.hpp"

#include <boost/test/unit_test.hpp>

#include "support/counting_token_source.hpp"
#include "support/memory_session_store.hpp"

using namespace orggate;
using orggate::web::RequestSession;
using Action = RequestSession::CookieAction;

namespace {

struct Fixture {
    testing::MemorySessionStore store;
    testing::CountingTokenSource tokens;

    static UserProfile user_named(const std::string& login) {
        UserProfile user;
        user.login = login;
        user.id = 1;
        user.raw_json = R"({"login":")" + login + R"("})";
        return user;
    }

    std::string stored_id() {
        BOOST_REQUIRE(store.sessions.size() == 1u);
        return store.sessions.begin()->first;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(request_session, Fixture)

BOOST_AUTO_TEST_CASE(an_anonymous_visitor_gets_no_id_no_file_and_no_cookie) {
    RequestSession session(store, tokens, std::nullopt);
    session.update([](Session& s) { s.values["k"] = "v"; });
    session.refresh_if_older_than(store.now + 3600, 60);
    BOOST_TEST((session.cookie_action() == Action::kKeep));
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST(store.writes == 0);
    BOOST_TEST(tokens.issued == 0);
}

BOOST_AUTO_TEST_CASE(starting_a_session_gives_a_new_id_and_sets_its_cookie) {
    RequestSession session(store, tokens, std::nullopt);
    session.start(user_named("mona"), {{"k", "v"}});
    BOOST_REQUIRE((session.cookie_action() == Action::kSet));
    BOOST_TEST(session.id() == stored_id());
    BOOST_TEST(store.sessions.begin()->second.user->login == "mona");
    BOOST_TEST(store.sessions.begin()->second.created_at == store.now);
}

BOOST_AUTO_TEST_CASE(starting_again_replaces_the_old_session_and_restarts_its_lifetime) {
    RequestSession first(store, tokens, std::nullopt);
    first.start(user_named("mona"), {});
    const std::string old_id = stored_id();
    store.now += 3600;
    RequestSession second(store, tokens, old_id);
    second.start(user_named("hubot"), {});
    const std::string new_id = stored_id();
    BOOST_TEST(new_id != old_id);
    BOOST_TEST(second.id() == new_id);
    BOOST_TEST(store.sessions.at(new_id).user->login == "hubot");
    BOOST_TEST(store.sessions.at(new_id).created_at == store.now);
}

BOOST_AUTO_TEST_CASE(unknown_or_malformed_cookies_are_anonymous_and_cleared) {
    for (const std::string& cookie : {std::string(43, 'A'), std::string("../../etc/passwd"),
                                      std::string(4000, 'x'), std::string("")}) {
        RequestSession session(store, tokens, cookie);
        BOOST_TEST(session.user() == nullptr);
        BOOST_TEST((session.cookie_action() == Action::kClear));
    }
    BOOST_TEST(store.sessions.empty());
}

BOOST_AUTO_TEST_CASE(destroy_forgets_the_session_and_clears_the_cookie) {
    RequestSession first(store, tokens, std::nullopt);
    first.start(user_named("mona"), {});
    RequestSession second(store, tokens, stored_id());
    second.destroy();
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST((second.cookie_action() == Action::kClear));
}

BOOST_AUTO_TEST_CASE(destroying_nothing_sends_no_cookie) {
    RequestSession session(store, tokens, std::nullopt);
    session.destroy();
    BOOST_TEST((session.cookie_action() == Action::kKeep));
}

BOOST_AUTO_TEST_CASE(an_active_session_is_refreshed_at_most_once_a_minute) {
    RequestSession first(store, tokens, std::nullopt);
    first.start(user_named("mona"), {});
    const std::string id = stored_id();
    const int writes = store.writes;

    RequestSession soon(store, tokens, id);
    soon.refresh_if_older_than(store.now + 30, 60);
    BOOST_TEST(store.writes == writes);

    store.now += 61;
    RequestSession later(store, tokens, id);
    later.refresh_if_older_than(store.now, 60);
    BOOST_TEST(store.writes == writes + 1);
    BOOST_TEST(store.sessions.at(id).last_seen_at == store.now);
}

BOOST_AUTO_TEST_CASE(before_save_runs_inside_every_write_and_nowhere_else) {
    int runs = 0;
    const RequestSession::BeforeSave mark = [&runs](Session& s) {
        ++runs;
        s.values["marked"] = s.values["k"] + "!";
    };
    RequestSession first(store, tokens, std::nullopt, mark);
    first.start(user_named("mona"), {{"k", "v"}});
    const std::string id = stored_id();
    BOOST_TEST(store.sessions.at(id).values.at("marked") == "v!");

    RequestSession reader(store, tokens, id, mark);
    reader.refresh_if_older_than(store.now + 30, 60);
    BOOST_TEST(runs == 1);

    // After the write's own change: it sees what the change wrote.
    RequestSession writer(store, tokens, id, mark);
    writer.update([](Session& s) { s.values["k"] = "w"; });
    BOOST_TEST(runs == 2);
    BOOST_TEST(store.sessions.at(id).values.at("marked") == "w!");
}

BOOST_AUTO_TEST_CASE(treated_as_anonymous_it_writes_nothing_and_keeps_the_cookie) {
    RequestSession first(store, tokens, std::nullopt);
    first.start(user_named("mona"), {});
    const std::string id = stored_id();
    const int writes = store.writes;
    RequestSession session(store, tokens, id);
    session.treat_as_anonymous();
    BOOST_TEST(session.user() == nullptr);
    session.refresh_if_older_than(store.now + 3600, 60);
    session.update([](Session& s) { s.values["k"] = "v"; });
    BOOST_TEST(store.writes == writes);
    BOOST_TEST(store.sessions.count(id) == 1u);
    BOOST_TEST((session.cookie_action() == Action::kKeep));
}

BOOST_AUTO_TEST_SUITE_END()
