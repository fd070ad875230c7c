// Pending logins, a sealed cookie each: found by their state, at most five, forgeries worthless.
#include "web/login_cookie.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

using namespace orggate;
using namespace orggate::web;

namespace {

constexpr std::int64_t kNow = 1'700'000'000;
const crypto::SealedBox kBox{std::string(32, 'k'), "login"};

std::string state_number(int n) {
    std::string state = "st" + std::to_string(n) + "_";
    state.resize(kStateLength, 'Q');
    return state;
}

PendingLogin login(int n, std::int64_t started_at = kNow) {
    return {state_number(n), "verifier-" + std::to_string(n), "/page" + std::to_string(n),
            started_at};
}

// A browser's login cookies, kept from Set-Cookie lines as a browser would.
struct Jar {
    std::map<std::string, std::string> cookies;

    void keep(const std::vector<std::string>& lines) {
        for (const std::string& line : lines) {
            const std::string name = line.substr(0, line.find('='));
            const std::string value =
                line.substr(name.size() + 1, line.find(';') - name.size() - 1);
            if (line.find("Max-Age=0") != std::string::npos) {
                cookies.erase(name);
            } else {
                cookies[name] = value;
            }
        }
    }

    std::string header() const {
        std::string text;
        for (const auto& [name, value] : cookies)
            text += (text.empty() ? "" : "; ") + name + "=" + value;
        return text;
    }

    void start(int n, std::int64_t now = kNow) {
        keep(start_login_cookies(kBox, header(), login(n, now), now, false));
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(login_cookie)

BOOST_AUTO_TEST_CASE(a_started_login_is_found_by_its_state_and_tells_nothing) {
    const auto lines = start_login_cookies(kBox, "", login(1), kNow, true);
    BOOST_REQUIRE(lines.size() == 1u);
    BOOST_TEST(lines[0].rfind(login_cookie_name(state_number(1)) + "=", 0) == 0u);
    BOOST_TEST(lines[0].find("; Path=/login; HttpOnly; SameSite=Lax; Max-Age=600; Secure") !=
               std::string::npos);
    BOOST_TEST(lines[0].find("verifier-1") == std::string::npos);
    Jar jar;
    jar.keep(lines);
    const auto found = find_pending_login(kBox, jar.header(), state_number(1), kNow);
    BOOST_REQUIRE(found.has_value());
    BOOST_TEST(found->verifier == "verifier-1");
    BOOST_TEST(found->next == "/page1");
}

BOOST_AUTO_TEST_CASE(logins_started_at_the_same_moment_do_not_overwrite_each_other) {
    // Two tabs send /login with the same cookies; each response sets only its own cookie.
    Jar jar;
    const std::string before = jar.header();
    jar.keep(start_login_cookies(kBox, before, login(1), kNow, false));
    jar.keep(start_login_cookies(kBox, before, login(2), kNow, false));
    BOOST_TEST(find_pending_login(kBox, jar.header(), state_number(1), kNow).has_value());
    BOOST_TEST(find_pending_login(kBox, jar.header(), state_number(2), kNow).has_value());
}

BOOST_AUTO_TEST_CASE(at_most_five_are_kept_and_the_oldest_goes_first) {
    Jar jar;
    for (int n = 1; n <= 6; ++n)
        jar.start(n, kNow + n);
    BOOST_TEST(jar.cookies.size() == kMaxPendingLogins);
    BOOST_TEST(!find_pending_login(kBox, jar.header(), state_number(1), kNow + 6));
    for (int n = 2; n <= 6; ++n)
        BOOST_TEST(find_pending_login(kBox, jar.header(), state_number(n), kNow + 6).has_value(),
                   n);
}

BOOST_AUTO_TEST_CASE(expired_and_forged_login_cookies_are_dropped_by_the_next_login) {
    Jar jar;
    jar.start(1, kNow - kPendingLoginLifetime);
    jar.cookies[std::string(kLoginCookiePrefix) + "forged"] = "garbage";
    jar.start(2);
    BOOST_TEST(jar.cookies.size() == 1u);
    BOOST_TEST(jar.cookies.count(login_cookie_name(state_number(2))) == 1u);
}

BOOST_AUTO_TEST_CASE(a_login_is_not_found_expired_under_another_state_or_another_key) {
    Jar jar;
    jar.start(1);
    BOOST_TEST(!find_pending_login(kBox, jar.header(), state_number(1), kNow + 600));
    BOOST_TEST(!find_pending_login(kBox, jar.header(), state_number(2), kNow));
    // A valid cookie of state 1 put under the name of state 2's cookie.
    Jar moved;
    moved.cookies[login_cookie_name(state_number(2))] =
        jar.cookies.at(login_cookie_name(state_number(1)));
    BOOST_TEST(!find_pending_login(kBox, moved.header(), state_number(2), kNow));
    const crypto::SealedBox other{std::string(32, 'k'), "flash"};
    BOOST_TEST(!find_pending_login(other, jar.header(), state_number(1), kNow));
    BOOST_TEST(!find_pending_login(kBox, jar.header(), "short", kNow));
}

BOOST_AUTO_TEST_CASE(a_spent_login_cookie_is_dropped) {
    BOOST_TEST(spent_login_cookie(state_number(1), false) ==
               login_cookie_name(state_number(1)) +
                   "=; Path=/login; HttpOnly; SameSite=Lax; Max-Age=0");
}

BOOST_AUTO_TEST_SUITE_END()
