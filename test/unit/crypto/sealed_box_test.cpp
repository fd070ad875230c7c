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

BOOST_AUTO_TEST_CASE(during_a_rotation_the_previous_key_still_opens_what_it_sealed) {
    const std::string old_key = kKey + "-old";
    const std::string sealed_before = SealedBox(old_key, kPurpose).seal(kToken);
    const SealedBox rotated({kKey, old_key}, kPurpose);
    BOOST_TEST(opened(rotated, sealed_before) == kToken);
    // New values are sealed under the current key only: once the old key goes, they still open.
    const std::string sealed_now = rotated.seal(kToken);
    BOOST_TEST(opened(SealedBox(kKey, kPurpose), sealed_now) == kToken);
    BOOST_TEST(!SealedBox(old_key, kPurpose).open(sealed_now));
}

BOOST_AUTO_TEST_CASE(once_the_previous_key_is_gone_its_texts_are_refused) {
    const std::string sealed = SealedBox(kKey + "-old", kPurpose).seal(kToken);
    BOOST_TEST(!SealedBox(kKey, kPurpose).open(sealed));
    BOOST_TEST(!SealedBox({kKey, kKey + "-other"}, kPurpose).open(sealed));
}

BOOST_AUTO_TEST_CASE(a_box_needs_a_key) {
    BOOST_CHECK_THROW(SealedBox(std::vector<std::string>{}, kPurpose), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(the_key_id_names_the_current_key_without_showing_it) {
    const SealedBox box(kKey, kPurpose);
    BOOST_TEST(box.key_id().size() == 11u);
    BOOST_TEST(is_base64url(box.key_id()));
    BOOST_TEST(box.key_id() == SealedBox(kKey, kPurpose).key_id());
    BOOST_TEST(box.key_id() != SealedBox(kKey + "x", kPurpose).key_id());
    BOOST_TEST(box.key_id() != SealedBox(kKey, "orggate flash cookie v1").key_id());
    BOOST_TEST(kKey.find(box.key_id()) == std::string::npos);
    BOOST_TEST(box.key_id().find(base64url_encode(kKey).substr(0, 8)) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_rotated_box_knows_both_ids_and_seals_under_the_new_one) {
    const std::string old_key = kKey + "-old";
    const SealedBox old_box(old_key, kPurpose);
    const SealedBox rotated({kKey, old_key}, kPurpose);
    BOOST_TEST(rotated.key_id() == SealedBox(kKey, kPurpose).key_id());
    BOOST_TEST(rotated.has_key(rotated.key_id()));
    BOOST_TEST(rotated.has_key(old_box.key_id()));
    BOOST_TEST(!SealedBox(kKey, kPurpose).has_key(old_box.key_id()));
    BOOST_TEST(!rotated.has_key(""));
    BOOST_TEST(!rotated.has_key(SealedBox(kKey + "x", kPurpose).key_id()));
}

BOOST_AUTO_TEST_SUITE_END()
