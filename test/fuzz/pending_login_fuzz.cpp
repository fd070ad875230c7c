// Fuzzes the pending-login list as a login cookie decodes it: a state works once, only while
// fresh; adding keeps the list bounded and readable; encoding round-trips.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "web/pending_login.hpp"

using namespace orggate::web;
using orggate::fuzz::require;

namespace {

constexpr std::int64_t kDefaultNow = 1'795'725'605;
const std::string kNewState = "fuzzFUZZfuzzFUZZfuzzFUZZfuzzFUZZfuzzFUZZ_-0";

// The input: a first line `now` (Unix seconds), then the cookie's plaintext.
std::int64_t split_now(std::string_view& text) {
    const auto newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    std::int64_t now = kDefaultNow;
    const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), now);
    return error == std::errc() && end == line.data() + line.size() ? now : kDefaultNow;
}

// Fresh as the login flow means it, computed in 128 bits so the check itself cannot overflow.
bool is_fresh(std::int64_t started_at, std::int64_t now) {
    const __int128 age = static_cast<__int128>(now) - started_at;
    return age >= 0 && age < kPendingLoginLifetime;
}

bool same(const PendingLogin& a, const PendingLogin& b) {
    return a.state == b.state && a.verifier == b.verifier && a.next == b.next &&
           a.started_at == b.started_at;
}

void check_take(const PendingLogins& logins, const std::string& state, std::int64_t now) {
    PendingLogins taken = logins;
    const std::optional<PendingLogin> login = take_pending_login(taken, state, now);
    const bool found = std::any_of(logins.begin(), logins.end(),
                                   [&](const PendingLogin& l) { return l.state == state; });
    PendingLogins others;
    for (const PendingLogin& l : logins) {
        if (!found || l.state != state) others.push_back(l);
    }
    require(taken.size() == others.size() &&
                std::equal(taken.begin(), taken.end(), others.begin(), same),
            "taking removes that state's logins and no other");
    if (!login) return;
    require(login->state == state, "the login taken is the one asked for");
    require(is_fresh(login->started_at, now), "a taken login is fresh");
    require(!take_pending_login(taken, state, now), "a state works once");
}

void check_add(PendingLogins logins, const std::string& next, std::int64_t now) {
    const PendingLogin login{kNewState, "verifier", next.substr(0, 2000), now};
    add_pending_login(logins, login, now);
    require(logins.size() <= kMaxPendingLogins, "at most kMaxPendingLogins are kept");
    const PendingLogins decoded = decode_pending_logins(encode_pending_logins(logins));
    require(decoded.size() == logins.size(), "every kept login survives its encoding");
    for (std::size_t i = 0; i < decoded.size(); ++i)
        require(same(decoded[i], logins[i]), "a login reads back unchanged");
    PendingLogins after = decoded;
    const std::optional<PendingLogin> taken = take_pending_login(after, kNewState, now);
    require(taken && same(*taken, login), "an added login can be taken at once, unchanged");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::int64_t now = split_now(text);
    const PendingLogins logins = decode_pending_logins(text);
    require(logins.size() <= kMaxPendingLogins, "decoding keeps at most kMaxPendingLogins");
    for (const PendingLogin& login : logins)
        check_take(logins, login.state, now);
    check_take(logins, kNewState, now);
    check_add(logins, "/" + std::string(text), now);
    return 0;
}
