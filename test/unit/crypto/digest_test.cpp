// SHA-256 and HMAC-SHA-256 against published vectors; constant-time comparison.
#include "crypto/digest.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "crypto/encoding.hpp"

using namespace orggate::crypto;

BOOST_AUTO_TEST_SUITE(digest)

BOOST_AUTO_TEST_CASE(sha256_matches_fips_180_vectors) {
    BOOST_TEST(hex_encode(sha256("")) ==
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(hex_encode(sha256("abc")) ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(hex_encode(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(sha256_is_32_raw_bytes) {
    BOOST_TEST(sha256("x").size() == 32u);
}

// RFC 4231 test cases 1, 2 and 6 (a key longer than the block size).
BOOST_AUTO_TEST_CASE(hmac_sha256_matches_rfc4231_vectors) {
    BOOST_TEST(hex_encode(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
               "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    BOOST_TEST(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    BOOST_TEST(hex_encode(hmac_sha256(std::string(131, '\xaa'),
                                      "Test Using Larger Than Block-Size Key - Hash Key First")) ==
               "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

BOOST_AUTO_TEST_CASE(constant_time_equal_is_true_only_for_identical_bytes) {
    BOOST_TEST(constant_time_equal("secret", "secret"));
    BOOST_TEST(constant_time_equal("", ""));
    BOOST_TEST(!constant_time_equal("secret", "secreT"));
    BOOST_TEST(!constant_time_equal("secret", "Secret"));
    BOOST_TEST(!constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

BOOST_AUTO_TEST_CASE(constant_time_equal_is_false_on_length_mismatch) {
    BOOST_TEST(!constant_time_equal("secret", "secrets"));
    BOOST_TEST(!constant_time_equal("secret", ""));
}

BOOST_AUTO_TEST_SUITE_END()
