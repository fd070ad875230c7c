// The session file format: what is written and what is refused on reading.
#include "session/session_codec.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate;

namespace {

const std::string kUserJson =
    R"({"login":"octocat","id":583231,"avatar_url":"https://a.test/o.png","name":null,)"
    R"("html_url":"https://github.com/octocat","plan":{"name":"free"}})";

Session full_session() {
    Session session;
    session.created_at = 1700000000;
    session.last_seen_at = 1700000500;
    session.values = {{"csrf", "abc"}, {"return_to", "/page1?x=1&y=2"}};
    session.user = user_profile_from_json(kUserJson);
    return session;
}

// The encoding of a session with nothing in it but its stamps, so tests can splice fields.
std::string with_fields(const std::string& fields) {
    return R"({"version":1,"created_at":10,"last_seen_at":20,"values":{})" + fields + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_codec)

BOOST_AUTO_TEST_CASE(round_trips_every_field) {
    const Session original = full_session();
    auto decoded = decode_session(encode_session(original));
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST(decoded->created_at == original.created_at);
    BOOST_TEST(decoded->last_seen_at == original.last_seen_at);
    BOOST_TEST((decoded->values == original.values));
    BOOST_TEST_REQUIRE(decoded->user.has_value());
    BOOST_TEST(decoded->user->login == "octocat");
    BOOST_TEST(decoded->user->id == 583231);
    BOOST_TEST(!decoded->user->name.has_value());
    BOOST_TEST(decoded->user->raw_json == original.user->raw_json);
}

BOOST_AUTO_TEST_CASE(writes_the_documented_format) {
    Session session;
    session.created_at = 10;
    session.last_seen_at = 20;
    session.values = {{"k", "v"}};
    BOOST_TEST(encode_session(session) ==
               R"({"version":1,"created_at":10,"last_seen_at":20,"values":{"k":"v"}})");
}

BOOST_AUTO_TEST_CASE(stores_the_raw_github_object_as_user) {
    const std::string json = encode_session(full_session());
    BOOST_TEST(json.find(R"("user":)" + full_session().user->raw_json) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(omits_user_when_logged_out) {
    Session session;
    session.values["k"] = "v";
    BOOST_TEST(encode_session(session).find("\"user\"") == std::string::npos);
    auto decoded = decode_session(encode_session(session));
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST(!decoded->user.has_value());
}

BOOST_AUTO_TEST_CASE(round_trips_arbitrary_bytes_in_values) {
    Session session;
    session.values[std::string("k\0ey", 4)] = std::string("\xff\x00\x01\"\\\n</script>", 14);
    auto decoded = decode_session(encode_session(session));
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST((decoded->values == session.values));
}

BOOST_AUTO_TEST_CASE(reads_its_own_minimal_form) {
    auto decoded = decode_session(with_fields(""));
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST(decoded->created_at == 10);
    BOOST_TEST(decoded->last_seen_at == 20);
    BOOST_TEST(decoded->empty());
}

BOOST_AUTO_TEST_CASE(refuses_text_that_is_not_one_json_object) {
    const std::string bad_inputs[] = {
        "", " ", "null", "[]", "1", "{", with_fields("") + "x", with_fields("") + with_fields("")};
    for (const std::string& bad : bad_inputs) {
        BOOST_TEST(!decode_session(bad), bad);
    }
    BOOST_TEST(!decode_session(with_fields("") + '\0' + "garbage"));
}

BOOST_AUTO_TEST_CASE(refuses_a_missing_or_unknown_version) {
    BOOST_TEST(!decode_session(R"({"created_at":10,"last_seen_at":20,"values":{}})"));
    for (std::string version : {"2", "0", "\"1\"", "1.0", "null"}) {
        BOOST_TEST(!decode_session(R"({"version":)" + version +
                                   R"(,"created_at":10,"last_seen_at":20,"values":{}})"),
                   version);
    }
}

BOOST_AUTO_TEST_CASE(refuses_fields_of_the_wrong_type) {
    const std::string bad[] = {
        R"({"version":1,"created_at":"10","last_seen_at":20,"values":{}})",
        R"({"version":1,"created_at":10,"last_seen_at":2.5,"values":{}})",
        R"({"version":1,"created_at":10,"last_seen_at":20,"values":[]})",
        R"({"version":1,"created_at":10,"last_seen_at":20,"values":{"k":1}})",
        R"({"version":1,"created_at":10,"last_seen_at":20,"values":{"k":"a","k":"b"}})",
        R"({"version":1,"last_seen_at":20,"values":{}})",
        R"({"version":1,"created_at":10,"last_seen_at":20})",
    };
    for (const std::string& json : bad)
        BOOST_TEST(!decode_session(json), json);
}

BOOST_AUTO_TEST_CASE(refuses_a_user_that_is_not_a_github_user_object) {
    BOOST_TEST(!decode_session(with_fields(R"(,"user":null)")));
    BOOST_TEST(!decode_session(with_fields(R"(,"user":"octocat")")));
    BOOST_TEST(!decode_session(with_fields(R"(,"user":{"id":1,"avatar_url":"u"})")));
    BOOST_TEST(decode_session(with_fields(R"(,"user":)" + kUserJson)).has_value());
}

BOOST_AUTO_TEST_CASE(refuses_input_over_64_kib) {
    const std::string padded = with_fields("") + std::string(kMaxSessionJsonBytes, ' ');
    BOOST_TEST(!decode_session(padded));
    const std::string fits = with_fields("") + std::string(kMaxSessionJsonBytes - 100, ' ');
    BOOST_TEST(decode_session(fits).has_value());
}

BOOST_AUTO_TEST_CASE(refuses_deep_nesting_without_crashing) {
    const std::string deep = std::string(30000, '[') + std::string(30000, ']');
    BOOST_TEST(!decode_session(
        with_fields(R"(,"user":{"login":"a","id":1,"avatar_url":"u","x":)" + deep + "}")));
    BOOST_TEST(!decode_session(std::string(60000, '{')));
}

// Every truncation of a valid record is what a torn write would leave behind.
BOOST_AUTO_TEST_CASE(refuses_every_truncation_of_a_valid_record) {
    const std::string json = encode_session(full_session());
    for (std::size_t length = 0; length < json.size(); ++length) {
        BOOST_TEST_REQUIRE(!decode_session(json.substr(0, length)), "length " << length);
    }
}

BOOST_AUTO_TEST_CASE(an_older_file_with_flashes_still_reads) {
    // Flashes moved to a cookie; a file written before that keeps its session.
    const auto decoded =
        decode_session(R"({"version":1,"created_at":10,"last_seen_at":20,)"
                       R"("flashes":[{"category":"message","text":"hi"}],"values":{"k":"v"}})");
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST(decoded->values.at("k") == "v");
}

BOOST_AUTO_TEST_CASE(keeps_the_team_slugs_in_order) {
    Session session = full_session();
    session.teams = {"core", "docs", "ops-on-call"};
    const std::string json = encode_session(session);
    BOOST_TEST(json.find(R"("teams":["core","docs","ops-on-call"])") != std::string::npos, json);
    const auto decoded = decode_session(json);
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST((decoded->teams == session.teams));
}

BOOST_AUTO_TEST_CASE(a_file_written_before_teams_were_kept_reads_with_no_teams) {
    const auto old = decode_session(with_fields(R"(,"user":)" + kUserJson));
    BOOST_TEST_REQUIRE(old.has_value());
    BOOST_TEST(old->user->login == "octocat");
    BOOST_TEST(old->teams.empty());
    // And no teams writes no field, so such files stay as they were.
    BOOST_TEST(encode_session(*old).find("teams") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_teams_that_are_not_a_list_of_strings) {
    for (const char* teams : {R"("core")", "null", R"({"core":1})", R"(["core",7])", "[[]]"}) {
        BOOST_TEST(!decode_session(with_fields(std::string(R"(,"teams":)") + teams)), teams);
    }
    BOOST_TEST(decode_session(with_fields(R"(,"teams":[])")).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
