// Fuzzes decode_session: any session it accepts round-trips, decode(encode(s)) == s.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "session/session_codec.hpp"

using namespace orggate;

using orggate::fuzz::require;

namespace {

bool same_user(const std::optional<UserProfile>& a, const std::optional<UserProfile>& b) {
    if (!a || !b) return !a && !b;
    // raw_json is left out: RapidJSON 1.1.0 may move the last digit of a non-integer number on
    // each parse (GitHub's /user has none; the fields orggate shows are exact).
    return a->login == b->login && a->id == b->id && a->name == b->name &&
           a->avatar_url == b->avatar_url && a->html_url == b->html_url;
}

bool same_session(const Session& a, const Session& b) {
    return a.created_at == b.created_at && a.last_seen_at == b.last_seen_at &&
           a.values == b.values && same_user(a.user, b.user) && a.teams == b.teams;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    const std::optional<Session> session = decode_session(json);
    if (!session) return 0;

    const std::string encoded = encode_session(*session);
    require(encoded.size() <= kMaxSessionJsonBytes, "a session that was read can be written");
    const std::optional<Session> again = decode_session(encoded);
    require(again.has_value(), "decode_session(encode_session(s)) succeeds");
    require(same_session(*session, *again), "decode_session(encode_session(s)) == s");
    const std::optional<Session> third = decode_session(encode_session(*again));
    require(third.has_value() && same_session(*again, *third), "a second round trip is stable");
    return 0;
}
