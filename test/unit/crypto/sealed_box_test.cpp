// Sealing secrets at rest: only this key and purpose open them, and any change is refused.
#include "crypto/sealed_box.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "crypto/encoding.hpp"

using namespace orggate::crypto;

namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef-app-secret-key";
const std::string kPurpose = "orggate github token v1";
const std::string kToken = "gho_SECRETTOKEN123";

// The opened text, or a marker no sealed text in these tests holds.
std::string opened(const SealedBox& box, const std::string& sealed) {
    return box.open(sealed).value_or("(refused)");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sealed_box)

BOOST_AUTO_TEST_CASE(what_is_sealed_opens_again) {
    const SealedBox box(kKey, kPurpose);
    const std::string binary("\0\xff\n\"{}", 6);
    for (const std::string& plaintext : {kToken, std::string(), binary, std::string(5000, 'x')}) {
        const std::string sealed = box.seal(plaintext);
        BOOST_TEST(is_base64url(sealed));
        BOOST_TEST(opened(box, sealed) == plaintext);
    }
}

BOOST_AUTO_TEST_CASE(a_box_made_again_from_the_same_key_opens_it) {
    const std::string sealed = SealedBox(kKey, kPurpose).seal(kToken);
    BOOST_TEST(opened(SealedBox(kKey, kPurpose), sealed) == kToken);
}

BOOST_AUTO_TEST_CASE(sealing_the_same_text_twice_gives_different_texts) {
    const SealedBox box(kKey, kPurpose);
    BOOST_TEST(box.seal(kToken) != box.seal(kToken));
}

BOOST_AUTO_TEST_CASE(the_sealed_text_does_not_show_the_plaintext) {
    const std::string sealed = SealedBox(kKey, kPurpose).seal(kToken);
    BOOST_TEST(sealed.find(kToken) == std::string::npos);
    BOOST_TEST(sealed.find(base64url_encode(kToken)) == std::string::npos);
    BOOST_TEST(sealed.find("SECRETTOKEN") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_changed_byte_anywhere_is_refused) {
    const SealedBox box(kKey, kPurpose);
    const std::string raw = *base64url_decode(box.seal(kToken));
    for (std::size_t i = 0; i < raw.size(); ++i) {
        for (const unsigned char flip : {0x01, 0x80}) {
            std::string altered = raw;
            altered[i] = static_cast<char>(altered[i] ^ flip);
            BOOST_TEST(!box.open(base64url_encode(altered)), "byte " << i);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_truncated_or_extended_text_is_refused) {
    const SealedBox box(kKey, kPurpose);
    const std::string sealed = box.seal(kToken);
    const std::string raw = *base64url_decode(sealed);
    for (const std::string& cut : {raw.substr(0, raw.size() - 1), raw.substr(1), raw.substr(0, 28),
                                   raw.substr(0, 12), raw + "x"}) {
        BOOST_TEST(!box.open(base64url_encode(cut)), cut.size());
    }
    BOOST_TEST(!box.open(sealed.substr(0, sealed.size() - 1)));
    BOOST_TEST(!box.open(sealed.substr(0, sealed.size() / 2)));
}

BOOST_AUTO_TEST_CASE(garbage_and_empty_texts_are_refused) {
    const SealedBox box(kKey, kPurpose);
    for (const std::string& text :
         {std::string(), std::string("not sealed!"), std::string("AAAA"), std::string(64, 'A'),
          base64url_encode(std::string(40, '\0')), kToken, std::string("====")}) {
        BOOST_TEST(!box.open(text), text);
    }
}

BOOST_AUTO_TEST_CASE(another_key_or_purpose_cannot_open_it) {
    const std::string sealed = SealedBox(kKey, kPurpose).seal(kToken);
    BOOST_TEST(!SealedBox(kKey + "x", kPurpose).open(sealed));
    BOOST_TEST(!SealedBox(kKey, "orggate csrf v1").open(sealed));
}

BOOST_AUTO_TEST_SUITE_END()
