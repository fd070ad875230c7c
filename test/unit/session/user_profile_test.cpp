// Reading a GitHub /user object and writing it back.
#include "session/user_profile.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate;

namespace {

const std::string kOctocat =
    R"({"login":"octocat","id":583231,"node_id":"MDQ6VXNlcjU4MzIzMQ==",)"
    R"("avatar_url":"https://avatars.githubusercontent.com/u/583231?v=4",)"
    R"("html_url":"https://github.com/octocat","type":"User","site_admin":false,)"
    R"("name":"The Octocat","company":"@github","plan":{"name":"free","space":976562499}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(user_profile)

BOOST_AUTO_TEST_CASE(reads_login_id_name_and_urls) {
    auto user = user_profile_from_json(kOctocat);
    BOOST_TEST_REQUIRE(user.has_value());
    BOOST_TEST(user->login == "octocat");
    BOOST_TEST(user->id == 583231);
    BOOST_TEST(user->name.value_or("<none>") == "The Octocat");
    BOOST_TEST(user->avatar_url == "https://avatars.githubusercontent.com/u/583231?v=4");
    BOOST_TEST(user->html_url == "https://github.com/octocat");
}

BOOST_AUTO_TEST_CASE(keeps_the_whole_object_compact_in_raw_json) {
    const std::string spaced = R"({ "login" : "octocat", "id" : 1, "avatar_url" : "a",
                                   "plan" : { "name" : "free" } })";
    auto user = user_profile_from_json(spaced);
    BOOST_TEST_REQUIRE(user.has_value());
    BOOST_TEST(user->raw_json ==
               R"({"login":"octocat","id":1,"avatar_url":"a","plan":{"name":"free"}})");
}

BOOST_AUTO_TEST_CASE(null_or_missing_name_means_no_name) {
    auto null_name = user_profile_from_json(R"({"login":"a","id":1,"avatar_url":"u","name":null})");
    auto no_name = user_profile_from_json(R"({"login":"a","id":1,"avatar_url":"u"})");
    BOOST_TEST_REQUIRE(null_name.has_value());
    BOOST_TEST_REQUIRE(no_name.has_value());
    BOOST_TEST(!null_name->name.has_value());
    BOOST_TEST(!no_name->name.has_value());
}

BOOST_AUTO_TEST_CASE(missing_html_url_is_empty) {
    auto user = user_profile_from_json(R"({"login":"a","id":1,"avatar_url":"u"})");
    BOOST_TEST_REQUIRE(user.has_value());
    BOOST_TEST(user->html_url.empty());
}

BOOST_AUTO_TEST_CASE(rejects_objects_missing_login_id_or_avatar_url) {
    BOOST_TEST(!user_profile_from_json(R"({"id":1,"avatar_url":"u"})"));
    BOOST_TEST(!user_profile_from_json(R"({"login":"a","avatar_url":"u"})"));
    BOOST_TEST(!user_profile_from_json(R"({"login":"a","id":1})"));
    BOOST_TEST(!user_profile_from_json(R"({"login":"","id":1,"avatar_url":"u"})"));
}

BOOST_AUTO_TEST_CASE(rejects_fields_of_the_wrong_type) {
    BOOST_TEST(!user_profile_from_json(R"({"login":7,"id":1,"avatar_url":"u"})"));
    BOOST_TEST(!user_profile_from_json(R"({"login":"a","id":"1","avatar_url":"u"})"));
    BOOST_TEST(!user_profile_from_json(R"({"login":"a","id":1.5,"avatar_url":"u"})"));
    BOOST_TEST(
        !user_profile_from_json(R"({"login":"a","id":18446744073709551615,"avatar_url":"u"})"));
    BOOST_TEST(!user_profile_from_json(R"({"login":"a","id":1,"avatar_url":null})"));
    BOOST_TEST(!user_profile_from_json(R"({"login":"a","id":1,"avatar_url":"u","name":5})"));
    BOOST_TEST(!user_profile_from_json(R"({"login":"a","id":1,"avatar_url":"u","html_url":[]})"));
}

BOOST_AUTO_TEST_CASE(rejects_anything_but_one_json_object) {
    for (std::string bad : {"", "null", "[]", "\"octocat\"", "{", "{\"login\":\"a\"",
                            R"({"login":"a","id":1,"avatar_url":"u"} trailing)"}) {
        BOOST_TEST(!user_profile_from_json(bad), bad);
    }
    BOOST_TEST(!user_profile_from_json(std::string(R"({"login":"a","id":1,"avatar_url":"u"})") +
                                       '\0' + "{}"));
}

BOOST_AUTO_TEST_CASE(rejects_deep_nesting_without_crashing) {
    const std::string deep = R"({"login":"a","id":1,"avatar_url":"u","x":)" +
                             std::string(20000, '[') + std::string(20000, ']') + "}";
    BOOST_TEST(!user_profile_from_json(deep));
}

BOOST_AUTO_TEST_CASE(pretty_json_indents_by_two_spaces) {
    auto user = user_profile_from_json(R"({"login":"a","id":1,"avatar_url":"u","plan":{"n":1}})");
    BOOST_TEST_REQUIRE(user.has_value());
    BOOST_TEST(pretty_user_json(*user) ==
               "{\n  \"login\": \"a\",\n  \"id\": 1,\n  \"avatar_url\": \"u\",\n"
               "  \"plan\": {\n    \"n\": 1\n  }\n}");
}

BOOST_AUTO_TEST_CASE(to_json_is_the_raw_object_when_it_is_valid) {
    auto user = user_profile_from_json(kOctocat);
    BOOST_TEST_REQUIRE(user.has_value());
    BOOST_TEST(user_profile_to_json(*user) == user->raw_json);
}

BOOST_AUTO_TEST_CASE(to_json_is_built_from_the_fields_for_a_profile_made_by_hand) {
    UserProfile user;
    user.login = "hand";
    user.id = 42;
    user.avatar_url = "https://example.test/a.png";
    auto reread = user_profile_from_json(user_profile_to_json(user));
    BOOST_TEST_REQUIRE(reread.has_value());
    BOOST_TEST(reread->login == "hand");
    BOOST_TEST(reread->id == 42);
    BOOST_TEST(!reread->name.has_value());
    BOOST_TEST(reread->avatar_url == "https://example.test/a.png");
}

BOOST_AUTO_TEST_SUITE_END()
