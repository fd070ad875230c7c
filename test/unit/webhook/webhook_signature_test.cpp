// X-Hub-Signature-256: GitHub's documented example passes; every other header or body fails.
#include "webhook/webhook_signature.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace orggate::webhook;

namespace {

// GitHub's "Validating webhook deliveries" example (checked with `openssl dgst -hmac`).
const std::string kSecret = "It's a Secret to Everybody";
const std::string kBody = "Hello, World!";
const std::string kSignature =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

// The check's name, so that a failing test prints what it got.
std::string check(const std::string& header, const std::string& body = kBody,
                  const std::string& secret = kSecret) {
    return signature_check_name(check_webhook_signature(secret, body, header));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_signature)

BOOST_AUTO_TEST_CASE(githubs_documented_example_is_valid) {
    BOOST_TEST(check(kSignature) == "valid");
    BOOST_TEST(check("  " + kSignature + "\t") == "valid");
}

BOOST_AUTO_TEST_CASE(another_secret_or_another_body_is_a_mismatch) {
    BOOST_TEST(check(kSignature, kBody, "It's a Secret to Everybody!") == "mismatch");
    BOOST_TEST(check(kSignature, "Hello, World?") == "mismatch");
    BOOST_TEST(check(kSignature, kBody + "\n") == "mismatch");
    BOOST_TEST(check(kSignature, "") == "mismatch");
}

BOOST_AUTO_TEST_CASE(every_flipped_digit_is_a_mismatch) {
    for (std::size_t i = 7; i < kSignature.size(); ++i) {
        std::string forged = kSignature;
        forged[i] = forged[i] == '0' ? '1' : '0';
        BOOST_TEST(check(forged) == "mismatch", "digit " << i);
    }
}

BOOST_AUTO_TEST_CASE(no_header_or_no_secret_is_missing) {
    BOOST_TEST(check("") == "missing");
    BOOST_TEST(check("   ") == "missing");
    BOOST_TEST(check(kSignature, kBody, "") == "missing");
}

BOOST_AUTO_TEST_CASE(anything_but_sha256_and_64_lower_case_hex_digits_is_malformed) {
    const std::string hex = kSignature.substr(7);
    for (const std::string& header : std::vector<std::string>{
             hex,                                   // no prefix
             "sha1=" + hex,                         // X-Hub-Signature's algorithm
             "SHA256=" + hex,                       // the prefix is lower case
             "sha256=" + hex.substr(0, 63),         // one digit short
             "sha256=" + hex + "0",                 // one digit long
             "sha256=" + hex.substr(0, 62) + "zz",  // not hex
             "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17",
             "sha256= " + hex.substr(1),         // a space inside
             "sha256=" + std::string(64, '\0'),  // NUL bytes
         }) {
        BOOST_TEST(check(header) == "malformed", header);
    }
}

// The log and the metrics use these names; a renamed one would split a dashboard's series.
BOOST_AUTO_TEST_CASE(each_check_has_a_name_for_the_log) {
    BOOST_TEST(signature_check_name(SignatureCheck::kValid) == std::string("valid"));
    BOOST_TEST(signature_check_name(SignatureCheck::kMissing) == std::string("missing"));
    BOOST_TEST(signature_check_name(SignatureCheck::kMalformed) == std::string("malformed"));
    BOOST_TEST(signature_check_name(SignatureCheck::kMismatch) == std::string("mismatch"));
}

BOOST_AUTO_TEST_SUITE_END()
