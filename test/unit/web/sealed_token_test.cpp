// The session's sealed GitHub token across a key rotation: which key sealed it, and re-sealing.
#include "web/sealed_token.hpp"

#include <boost/test/unit_test.hpp>

#include "web/session_keys.hpp"

using namespace orggate;
using web::TokenKey;

namespace {

const std::string kOld(32, 'o');
const std::string kNew(32, 'n');
const std::string kPurpose = "orggate github token v1";
const std::string kToken = "gho_rotatedTOKEN";

Session sealed_by(const crypto::SealedBox& box) {
    Session session;
    web::put_sealed_token(session.values, box, kToken);
    return session;
}

struct Boxes {
    const crypto::SealedBox old_only{kOld, kPurpose};
    const crypto::SealedBox rotated{{kNew, kOld}, kPurpose};
    const crypto::SealedBox new_only{kNew, kPurpose};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sealed_token, Boxes)

BOOST_AUTO_TEST_CASE(the_token_is_stored_sealed_with_its_key_id) {
    const Session session = sealed_by(new_only);
    BOOST_TEST(session.values.at(web::kGitHubTokenKeyIdKey) == new_only.key_id());
    BOOST_TEST(session.values.at(web::kGitHubTokenKey).find(kToken) == std::string::npos);
    BOOST_TEST(new_only.open(session.values.at(web::kGitHubTokenKey)).value_or("(refused)") ==
               kToken);
}

BOOST_AUTO_TEST_CASE(the_stored_id_tells_which_key_sealed_the_token) {
    BOOST_TEST((web::token_key(Session{}, rotated) == TokenKey::kNone));
    BOOST_TEST((web::token_key(sealed_by(new_only), rotated) == TokenKey::kCurrent));
    BOOST_TEST((web::token_key(sealed_by(old_only), rotated) == TokenKey::kPrevious));
    BOOST_TEST((web::token_key(sealed_by(old_only), new_only) == TokenKey::kRetired));
    BOOST_TEST((web::token_key(sealed_by(old_only), old_only) == TokenKey::kCurrent));
}

BOOST_AUTO_TEST_CASE(the_id_alone_decides_without_opening_the_token) {
    // A known id over a value no key opens: the id is trusted, the value is not decrypted.
    Session session = sealed_by(new_only);
    session.values[web::kGitHubTokenKey] = "not-a-sealed-value";
    BOOST_TEST((web::token_key(session, rotated) == TokenKey::kCurrent));
}

BOOST_AUTO_TEST_CASE(a_token_from_before_key_ids_is_opened_once_to_tell) {
    Session session;
    session.values[web::kGitHubTokenKey] = old_only.seal(kToken);
    BOOST_TEST((web::token_key(session, old_only) == TokenKey::kPrevious));
    BOOST_TEST((web::token_key(session, rotated) == TokenKey::kPrevious));
    BOOST_TEST((web::token_key(session, new_only) == TokenKey::kRetired));
}

BOOST_AUTO_TEST_CASE(a_token_under_the_previous_key_is_resealed_under_the_current_one) {
    Session session = sealed_by(old_only);
    session.values["csrf_token"] = "kept";
    web::reseal_token(session, rotated);
    BOOST_TEST(session.values.at(web::kGitHubTokenKeyIdKey) == new_only.key_id());
    BOOST_TEST(new_only.open(session.values.at(web::kGitHubTokenKey)).value_or("(refused)") ==
               kToken);
    BOOST_TEST(!old_only.open(session.values.at(web::kGitHubTokenKey)));
    BOOST_TEST(session.values.at("csrf_token") == "kept");
}

BOOST_AUTO_TEST_CASE(a_token_from_before_key_ids_gets_one_when_resealed) {
    Session session;
    session.values[web::kGitHubTokenKey] = new_only.seal(kToken);
    web::reseal_token(session, new_only);
    BOOST_TEST(session.values.at(web::kGitHubTokenKeyIdKey) == new_only.key_id());
    BOOST_TEST((web::token_key(session, new_only) == TokenKey::kCurrent));
    BOOST_TEST(new_only.open(session.values.at(web::kGitHubTokenKey)).value_or("(refused)") ==
               kToken);
}

BOOST_AUTO_TEST_CASE(current_and_lost_tokens_are_left_as_they_are) {
    const Session current = sealed_by(new_only);
    Session resealed = current;
    web::reseal_token(resealed, rotated);
    BOOST_TEST(resealed.values == current.values);

    const Session lost = sealed_by(old_only);
    Session untouched = lost;
    web::reseal_token(untouched, new_only);
    BOOST_TEST(untouched.values == lost.values);

    Session none;
    web::reseal_token(none, rotated);
    BOOST_TEST(none.values.empty());
}

BOOST_AUTO_TEST_CASE(the_recheck_opens_the_token_under_any_key_of_the_box_but_a_retired_one) {
    BOOST_TEST(web::open_sealed_token(sealed_by(new_only), rotated).value_or("(none)") == kToken);
    BOOST_TEST(web::open_sealed_token(sealed_by(old_only), rotated).value_or("(none)") == kToken);
    BOOST_TEST(!web::open_sealed_token(sealed_by(old_only), new_only));
    BOOST_TEST(!web::open_sealed_token(Session{}, rotated));
    Session damaged = sealed_by(new_only);
    damaged.values[web::kGitHubTokenKey] += "x";
    BOOST_TEST(!web::open_sealed_token(damaged, rotated));
}

BOOST_AUTO_TEST_SUITE_END()
