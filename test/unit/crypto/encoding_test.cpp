// base64url and hex against RFC 4648 test vectors.
#include "crypto/encoding.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace orggate::crypto;

BOOST_AUTO_TEST_SUITE(encoding)

// RFC 4648 section 10, with the padding removed.
const std::vector<std::pair<std::string, std::string>> kRfc4648Vectors = {
    {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
    {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
};

BOOST_AUTO_TEST_CASE(base64url_encode_matches_rfc4648_vectors_unpadded) {
    for (const auto& [bytes, text] : kRfc4648Vectors) {
        BOOST_TEST(base64url_encode(bytes) == text);
    }
}

BOOST_AUTO_TEST_CASE(base64url_decode_reverses_rfc4648_vectors) {
    for (const auto& [bytes, text] : kRfc4648Vectors) {
        BOOST_TEST(base64url_decode(text).value_or("<invalid>") == bytes);
    }
}

BOOST_AUTO_TEST_CASE(base64url_uses_dash_and_underscore_instead_of_plus_and_slash) {
    BOOST_TEST(base64url_encode("\xfb\xff") == "-_8");
    BOOST_TEST(base64url_decode("-_8").value_or("<invalid>") == "\xfb\xff");
}

BOOST_AUTO_TEST_CASE(base64url_round_trips_every_byte_value) {
    std::string all;
    for (int byte = 0; byte < 256; ++byte)
        all.push_back(static_cast<char>(byte));
    BOOST_TEST(base64url_decode(base64url_encode(all)).value_or("<invalid>") == all);
}

BOOST_AUTO_TEST_CASE(base64url_decode_rejects_padding_standard_alphabet_and_bad_length) {
    BOOST_TEST(!base64url_decode("Zg=="));
    BOOST_TEST(!base64url_decode("+/8"));
    BOOST_TEST(!base64url_decode("Z"));
    BOOST_TEST(!base64url_decode("Zm9vY"));
    BOOST_TEST(!base64url_decode(std::string("Zm\0v", 4)));
}

BOOST_AUTO_TEST_CASE(is_base64url_accepts_only_the_url_alphabet) {
    BOOST_TEST(is_base64url("ABCxyz019-_"));
    BOOST_TEST(is_base64url(""));
    for (std::string bad : {"a+b", "a/b", "a=b", "a.b", "a%b", "a b"}) {
        BOOST_TEST(!is_base64url(bad), bad);
    }
    BOOST_TEST(!is_base64url(std::string("a\0b", 3)));
}

BOOST_AUTO_TEST_CASE(hex_encode_is_lower_case_two_digits_per_byte) {
    BOOST_TEST(hex_encode("") == "");
    BOOST_TEST(hex_encode(std::string("\x00\x01\xab\xff", 4)) == "0001abff");
}

BOOST_AUTO_TEST_SUITE_END()
