// The `orggate sessions list` table: columns, order, UTC times, no ids.
#include "cli/sessions_table.hpp"

#include <boost/test/unit_test.hpp>

using namespace orggate;
using namespace orggate::cli;

namespace {

StoredSession stored(const std::string& login, std::int64_t id, std::int64_t created,
                     const std::string& file) {
    UserProfile user;
    user.login = login;
    user.id = id;
    Session session{created, created + 60, {{"csrf_token", "SECRET-CSRF"}}, user};
    return StoredSession{file, session};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sessions_table_layout)

BOOST_AUTO_TEST_CASE(utc_times_are_readable) {
    BOOST_TEST(utc_time(0) == "1970-01-01 00:00:00Z");
    BOOST_TEST(utc_time(1'700'000'000) == "2023-11-14 22:13:20Z");
}

BOOST_AUTO_TEST_CASE(one_aligned_line_per_session_sorted_by_login_then_age) {
    const std::string file_a(64, 'a'), file_b(64, 'b'), file_c(64, 'c');
    const std::string table = sessions_table({stored("mona", 583231, 2'000, file_a + ".json"),
                                              stored("hubot", 7, 1'000, file_b + ".json"),
                                              stored("mona", 583231, 1'000, file_c + ".json")});
    const std::string expected =
        "LOGIN  ID      CREATED               LAST SEEN             FILE\n"
        "hubot  7       1970-01-01 00:16:40Z  1970-01-01 00:17:40Z  bbbbbbbbbbbb\n"
        "mona   583231  1970-01-01 00:16:40Z  1970-01-01 00:17:40Z  cccccccccccc\n"
        "mona   583231  1970-01-01 00:33:20Z  1970-01-01 00:34:20Z  aaaaaaaaaaaa\n";
    BOOST_TEST(table == expected);
    BOOST_TEST(table.find("SECRET") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
