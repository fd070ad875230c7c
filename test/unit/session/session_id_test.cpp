// Session ids: how they are made and which strings pass as one.
#include "session/session_id.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <stdexcept>
#include <string>

using namespace orggate;

namespace {

// Answers every request with the same text and remembers how many bytes were asked for.
class ScriptedTokens final : public crypto::TokenSource {
public:
    explicit ScriptedTokens(std::string answer) : answer_(std::move(answer)) {}
    std::string token(std::size_t bytes) override {
        asked_for = bytes;
        return answer_;
    }
    std::size_t asked_for = 0;

private:
    std::string answer_;
};

const std::string kValidId(43, 'A');

}  // namespace

BOOST_AUTO_TEST_SUITE(session_id)

BOOST_AUTO_TEST_CASE(new_id_is_a_32_byte_token) {
    ScriptedTokens tokens(kValidId);
    BOOST_TEST(new_session_id(tokens) == kValidId);
    BOOST_TEST(tokens.asked_for == 32u);
}

BOOST_AUTO_TEST_CASE(new_id_from_openssl_is_43_base64url_characters_and_unique) {
    crypto::OpenSslTokenSource tokens;
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string id = new_session_id(tokens);
        BOOST_TEST(id.size() == 43u);
        BOOST_TEST(is_valid_session_id(id));
        seen.insert(id);
    }
    BOOST_TEST(seen.size() == 100u);
}

BOOST_AUTO_TEST_CASE(new_id_refuses_a_token_that_would_not_pass_validation) {
    ScriptedTokens short_tokens("abc");
    BOOST_CHECK_THROW(new_session_id(short_tokens), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(valid_id_has_exactly_43_base64url_characters) {
    BOOST_TEST(is_valid_session_id(kValidId));
    BOOST_TEST(is_valid_session_id("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_Z"));
    BOOST_TEST(!is_valid_session_id(""));
    BOOST_TEST(!is_valid_session_id(std::string(42, 'A')));
    BOOST_TEST(!is_valid_session_id(std::string(44, 'A')));
}

BOOST_AUTO_TEST_CASE(ids_with_path_or_encoding_characters_are_invalid) {
    for (char bad : {'/', '.', '%', '+', '=', ' ', '\\', '\0', '\n'}) {
        std::string id = kValidId;
        id[20] = bad;
        BOOST_TEST(!is_valid_session_id(id), "character " << static_cast<int>(bad));
    }
    BOOST_TEST(!is_valid_session_id("../../../../../../../../../../../etc/passwd"));
}

BOOST_AUTO_TEST_SUITE_END()
