// Reading GitHub's token, membership and error answers, and writing the revocation body.
#include "github/github_json.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::github;

namespace {

const std::string kMembershipTail =
    R"("role":"member","url":"https://api.github.com/orgs/acme/memberships/octocat",)"
    R"("organization_url":"https://api.github.com/orgs/acme",)"
    R"("organization":{"login":"acme","id":1},"user":{"login":"octocat","id":583231}})";

// The state read from `body`, or a marker no GitHub state looks like.
std::string state_of(const std::string& body) {
    return parse_membership_state(body).value_or("(refused)");
}

// A syntactically valid token answer of about `bytes` bytes.
std::string padded_token_reply(std::size_t bytes) {
    return R"({"access_token":"gho_x","padding":")" + std::string(bytes, 'p') + "\"}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(github_json)

BOOST_AUTO_TEST_CASE(a_granted_token_is_read) {
    const auto reply = parse_token_reply(R"({"access_token":"gho_fake-token_for-tests_0123",)"
                                         R"("token_type":"bearer","scope":"read:org"})");
    BOOST_TEST_REQUIRE(reply.has_value());
    BOOST_TEST(reply->access_token == "gho_fake-token_for-tests_0123");
    BOOST_TEST(reply->error.empty());
}

BOOST_AUTO_TEST_CASE(githubs_errors_sent_with_200_are_read_as_errors) {
    const std::pair<const char*, const char*> errors[] = {
        {"bad_verification_code", "The code passed is incorrect or expired."},
        {"incorrect_client_credentials",
         "The client_id and/or client_secret passed are incorrect."},
        {"redirect_uri_mismatch",
         "The redirect_uri MUST match the registered callback URL for this application."},
    };
    for (const auto& [error, description] : errors) {
        const auto reply = parse_token_reply(
            std::string(R"({"error":")") + error + R"(","error_description":")" + description +
            R"(","error_uri":"https://docs.github.com/apps/oauth"})");
        BOOST_TEST_REQUIRE(reply.has_value(), error);
        BOOST_TEST(reply->access_token.empty());
        BOOST_TEST(reply->error == error);
        BOOST_TEST(reply->error_description == description);
    }
}

BOOST_AUTO_TEST_CASE(a_token_answer_that_is_not_one_json_object_is_refused) {
    const std::string bodies[] = {
        "",
        "not json",
        R"({"access_token":"gho_x")",
        R"({"access_token":"gho_x"} trailing)",
        R"({"access_token":"gho_x"}{})",
        R"([{"access_token":"gho_x"}])",
        "[]",
        "null",
        "42",
        R"("gho_x")",
        // What GitHub sends when the Accept header is missing.
        "access_token=gho_x&scope=read%3Aorg&token_type=bearer",
        std::string(R"({"access_token":"gho_x"})") + '\0' + "garbage",
    };
    for (const std::string& body : bodies) {
        BOOST_TEST(!parse_token_reply(body), body);
    }
}

BOOST_AUTO_TEST_CASE(a_token_answer_with_neither_token_nor_error_is_refused) {
    for (const char* body :
         {"{}", R"({"token_type":"bearer","scope":"read:org"})", R"({"access_token":""})"}) {
        BOOST_TEST(!parse_token_reply(body), body);
    }
}

BOOST_AUTO_TEST_CASE(a_token_or_error_of_the_wrong_type_is_not_taken) {
    for (const char* body :
         {R"({"access_token":123})", R"({"access_token":null})", R"({"access_token":true})",
          R"({"access_token":["gho_x"]})", R"({"access_token":{"value":"gho_x"}})",
          R"({"error":42})", R"({"error":{"code":"bad_verification_code"}})"}) {
        BOOST_TEST(!parse_token_reply(body), body);
    }
}

BOOST_AUTO_TEST_CASE(a_huge_or_deeply_nested_answer_is_refused) {
    BOOST_TEST(parse_token_reply(padded_token_reply(16 * 1024)).has_value());
    BOOST_TEST(!parse_token_reply(padded_token_reply(1024 * 1024)));
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    BOOST_TEST(!parse_token_reply(R"({"access_token":"gho_x","deep":)" + deep + "}"));
    BOOST_TEST(!parse_membership_state(std::string(10000, '[')));
}

BOOST_AUTO_TEST_CASE(the_membership_state_is_read) {
    BOOST_TEST(state_of(R"({"state":"active",)" + kMembershipTail) == "active");
    BOOST_TEST(state_of(R"({"state":"pending",)" + kMembershipTail) == "pending");
}

BOOST_AUTO_TEST_CASE(a_membership_without_a_state_is_refused) {
    const std::string bodies[] = {
        "{" + kMembershipTail,
        R"({"state":"",)" + kMembershipTail,
        R"({"state":1,)" + kMembershipTail,
        R"({"state":null,)" + kMembershipTail,
        R"({"state":["active"]})",
        R"([{"state":"active"}])",
        "active",
        "",
    };
    for (const std::string& body : bodies) {
        BOOST_TEST(!parse_membership_state(body), body);
    }
}

BOOST_AUTO_TEST_CASE(the_message_of_a_github_error_is_read) {
    BOOST_TEST(parse_error_message(R"({"message":"Bad credentials",)"
                                   R"("documentation_url":"https://docs.github.com/rest",)"
                                   R"("status":"401"})") == "Bad credentials");
}

BOOST_AUTO_TEST_CASE(an_error_without_a_message_string_reads_as_empty) {
    for (const char* body : {"", "<html>502 Bad Gateway</html>", "{}", R"({"message":404})",
                             R"(["Bad credentials"])", R"({"message":null})"}) {
        BOOST_TEST(parse_error_message(body).empty(), body);
    }
}

BOOST_AUTO_TEST_CASE(the_revocation_body_holds_the_token) {
    BOOST_TEST(revocation_body("gho_fake-token_for-tests_0123") ==
               R"({"access_token":"gho_fake-token_for-tests_0123"})");
}

BOOST_AUTO_TEST_CASE(the_revocation_body_escapes_quotes_backslashes_and_controls) {
    const std::string token = "gho_a\"b\\c\nd\x01";
    const std::string body = revocation_body(token);
    BOOST_TEST(body == R"({"access_token":"gho_a\"b\\c\nd\u0001"})");
    // Read back as JSON, the body gives the very same token.
    const auto reply = parse_token_reply(body);
    BOOST_TEST_REQUIRE(reply.has_value());
    BOOST_TEST(reply->access_token == token);
}

BOOST_AUTO_TEST_SUITE_END()
