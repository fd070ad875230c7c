// The session folder's layout: what the store, the bench filler and the integration tests share.
#include "session/session_file_name.hpp"

#include <boost/test/unit_test.hpp>

#include "support/session_files.hpp"

using namespace orggate;

BOOST_AUTO_TEST_SUITE(session_file_name_layout)

BOOST_AUTO_TEST_CASE(a_session_lives_under_its_hash_in_the_shard_of_the_first_hash_byte) {
    const std::string id = testing::fresh_id();
    const SessionFileName name = session_file_name(id);
    BOOST_TEST(std::filesystem::path(name.shard) / name.file == testing::session_path("", id));
    BOOST_TEST(name.shard == session_shard_name(name.shard_index));
    BOOST_TEST(name.shard_index < kSessionShards);
}

BOOST_AUTO_TEST_CASE(shard_folders_are_two_lowercase_hex_digits) {
    BOOST_TEST(session_shard_name(0) == "00");
    BOOST_TEST(session_shard_name(0xab) == "ab");
    BOOST_TEST(session_shard_name(kSessionShards - 1) == "ff");
}

BOOST_AUTO_TEST_CASE(only_hash_named_json_files_are_session_files) {
    BOOST_TEST(is_session_file_name(session_file_name(testing::fresh_id()).file));
    BOOST_TEST(!is_session_file_name(".tmp-abcdef"));
    BOOST_TEST(!is_session_file_name(std::string(64, 'a') + ".jso"));
    BOOST_TEST(!is_session_file_name(std::string(63, 'a') + ".json"));
    BOOST_TEST(!is_session_file_name(std::string(64, 'a') + ".json~"));
}

BOOST_AUTO_TEST_SUITE_END()
