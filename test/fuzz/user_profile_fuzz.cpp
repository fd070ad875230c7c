// Fuzzes user_profile_from_json: an accepted profile reads back the same from what is stored.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "session/user_profile.hpp"

using namespace orggate;

using orggate::fuzz::require;

namespace {

bool same_fields(const UserProfile& a, const UserProfile& b) {
    return a.login == b.login && a.id == b.id && a.name == b.name && a.avatar_url == b.avatar_url &&
           a.html_url == b.html_url;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    const std::optional<UserProfile> user = user_profile_from_json(json);
    if (!user) return 0;
    require(!user->login.empty(), "an accepted profile has a login");

    // What a session file stores must read back as the same profile. raw_json is not compared
    // byte for byte: RapidJSON 1.1.0 may move the last digit of a non-integer number on each
    // parse (GitHub's /user has none; the shown fields are exact).
    const std::string stored = user_profile_to_json(*user);
    const std::optional<UserProfile> reread = user_profile_from_json(stored);
    require(reread.has_value(), "user_profile_to_json output reads back");
    require(same_fields(*user, *reread), "the stored profile reads back the same fields");

    // A profile without raw_json is stored from its fields alone.
    UserProfile by_hand = *user;
    by_hand.raw_json.clear();
    const std::optional<UserProfile> from_fields =
        user_profile_from_json(user_profile_to_json(by_hand));
    require(from_fields.has_value(), "a profile stored from its fields reads back");
    require(same_fields(*user, *from_fields), "a profile stored from its fields keeps them");

    require(!pretty_user_json(*user).empty(), "the profile page's JSON is never empty");
    return 0;
}
