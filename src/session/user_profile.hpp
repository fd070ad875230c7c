// The GitHub user of a logged-in session, and its JSON form (RapidJSON).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace orggate {

struct UserProfile {
    std::string login;
    std::int64_t id = 0;
    std::optional<std::string> name;  // GitHub sends null when the user set none
    std::string avatar_url;
    std::string html_url;
    // The whole /user object as GitHub sent it, compact; the fields above are read from it.
    std::string raw_json;
    // Set when raw_json was read and checked by user_profile_from_json/_value (every login and
    // every session file): the page can lay it out without parsing it again. Whoever puts
    // other text in raw_json clears it.
    bool raw_json_checked = false;
};

// Reads a GitHub /user object; nullopt if it is not an object or lacks login, id or avatar_url.
std::optional<UserProfile> user_profile_from_json(std::string_view json);
// The same for an object already parsed (a session file's "user"): no second parse.
std::optional<UserProfile> user_profile_from_value(const rapidjson::Value& object);
// The object a session file stores: raw_json when it is a GitHub user object, otherwise one
// built from the fields (a profile made by hand in a test, say).
std::string user_profile_to_json(const UserProfile& user);
// The raw object, indented for the page that shows it.
std::string pretty_user_json(const UserProfile& user);

}  // namespace orggate
