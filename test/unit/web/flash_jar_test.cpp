// Flashes in a sealed cookie: shown once, bounded, cleared when read, worthless when forged.
#include "web/flash_jar.hpp"

#include <boost/test/unit_test.hpp>

using namespace orggate;
using namespace orggate::web;

namespace {

const crypto::SealedBox kBox{std::string(32, 'k'), "flash"};

std::string value_of(const std::string& set_cookie) {
    const auto equals = set_cookie.find('=');
    return set_cookie.substr(equals + 1, set_cookie.find(';') - equals - 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(flash_jar)

BOOST_AUTO_TEST_CASE(an_added_flash_travels_in_the_cookie_and_is_shown_once) {
    FlashJar first(kBox, std::nullopt);
    BOOST_TEST(!first.set_cookie(false).has_value());
    first.add(Flash{"error", "Unable to login", "/login?prompt=select_account", "Another"});
    const std::string set = *first.set_cookie(true);
    BOOST_TEST(set.find("; Path=/; HttpOnly; SameSite=Lax; Max-Age=600; Secure") !=
               std::string::npos);

    FlashJar second(kBox, value_of(set));
    const auto shown = second.take();
    BOOST_REQUIRE(shown.size() == 1u);
    BOOST_TEST(
        (shown[0] == Flash{"error", "Unable to login", "/login?prompt=select_account", "Another"}));
    BOOST_TEST(*second.set_cookie(false) ==
               "orggate_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
}

BOOST_AUTO_TEST_CASE(a_cookie_not_taken_is_left_as_it_is) {
    FlashJar first(kBox, std::nullopt);
    first.add(Flash{"message", "hi"});
    FlashJar second(kBox, value_of(*first.set_cookie(false)));
    BOOST_TEST(!second.set_cookie(false).has_value());
}

BOOST_AUTO_TEST_CASE(a_forged_or_foreign_cookie_shows_nothing_and_is_cleared) {
    const crypto::SealedBox other{std::string(32, 'k'), "login"};
    for (const std::string& forged : {std::string("garbage"), other.seal("c=message&t=hi"),
                                      kBox.seal("c=message&t=hi") + "A"}) {
        FlashJar jar(kBox, forged);
        BOOST_TEST(jar.take().empty());
        BOOST_TEST(jar.set_cookie(false)->find("Max-Age=0") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(at_most_five_are_kept_and_long_texts_are_cut_at_a_character) {
    FlashJar jar(kBox, std::nullopt);
    for (int i = 0; i < 7; ++i)
        jar.add(Flash{"message", std::to_string(i)});
    jar.add(Flash{"error", std::string(kMaxFlashTextBytes - 1, 'x') + "é and more"});
    FlashJar read(kBox, value_of(*jar.set_cookie(false)));
    const auto shown = read.take();
    BOOST_REQUIRE(shown.size() == kMaxFlashes);
    BOOST_TEST(shown.front().text == "3");
    BOOST_TEST(shown.back().text == std::string(kMaxFlashTextBytes - 1, 'x') + "…");
}

BOOST_AUTO_TEST_CASE(the_encoding_round_trips_links_and_drops_malformed_lines) {
    const std::vector<Flash> flashes{{"message", "a & b\nc"}, {"error", "x", "/u?v=1", "go"}};
    BOOST_TEST((decode_flashes(encode_flashes(flashes)) == flashes));
    BOOST_TEST(decode_flashes("garbage\nc=message&t=ok").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
