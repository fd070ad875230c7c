// One request's session: lazy ids, cookie changes, flashes taken once, rotation and logout.
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

    std::string stored_id() {
        BOOST_REQUIRE(store.sessions.size() == 1u);
        return store.sessions.begin()->first;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(request_session, Fixture)

BOOST_AUTO_TEST_CASE(an_anonymous_visitor_gets_no_id_and_no_cookie) {
    RequestSession session(store, tokens, std::nullopt);
    BOOST_TEST(session.take_flashes().empty());
    session.update([](Session&) {});
    BOOST_TEST((session.cookie_action() == Action::kKeep));
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST(tokens.issued == 0);
}

BOOST_AUTO_TEST_CASE(something_to_keep_creates_a_session_and_sets_its_cookie) {
    RequestSession session(store, tokens, std::nullopt);
    session.add_flash("message", "hello");
    BOOST_REQUIRE((session.cookie_action() == Action::kSet));
    BOOST_TEST(session.id() == stored_id());
    BOOST_TEST(store.sessions.begin()->second.flashes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(flashes_are_shown_once_then_the_empty_session_is_dropped) {
    RequestSession first(store, tokens, std::nullopt);
    first.add_flash("error", "nope");
    const std::string id = stored_id();

    RequestSession second(store, tokens, id);
    const auto flashes = second.take_flashes();
    BOOST_REQUIRE(flashes.size() == 1u);
    BOOST_TEST(flashes[0].text == "nope");
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST((second.cookie_action() == Action::kClear));

    RequestSession third(store, tokens, id);
    BOOST_TEST(third.take_flashes().empty());
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

BOOST_AUTO_TEST_CASE(rotation_moves_the_session_to_a_new_id) {
    RequestSession first(store, tokens, std::nullopt);
    first.update([](Session& s) { s.values["k"] = "v"; });
    const std::string old_id = stored_id();

    RequestSession second(store, tokens, old_id);
    second.rotate();
    const std::string new_id = stored_id();
    BOOST_TEST(new_id != old_id);
    BOOST_TEST(store.sessions.at(new_id).values.at("k") == "v");
    BOOST_TEST((second.cookie_action() == Action::kSet));
    BOOST_TEST(second.id() == new_id);
}

BOOST_AUTO_TEST_CASE(destroy_forgets_the_session_and_clears_the_cookie) {
    RequestSession first(store, tokens, std::nullopt);
    first.update([](Session& s) { s.values["k"] = "v"; });
    RequestSession second(store, tokens, stored_id());
    second.destroy();
    BOOST_TEST(store.sessions.empty());
    BOOST_TEST((second.cookie_action() == Action::kClear));
}

BOOST_AUTO_TEST_CASE(an_active_session_is_refreshed_at_most_once_a_minute) {
    RequestSession first(store, tokens, std::nullopt);
    first.update([](Session& s) { s.values["k"] = "v"; });
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

BOOST_AUTO_TEST_SUITE_END()
