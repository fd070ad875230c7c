// Fuzzes take/add_pending_login on fuzzed session values: a state works once, only while fresh.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "web/pending_login.hpp"

using namespace orggate;
using namespace orggate::web;

using orggate::fuzz::require;

namespace {

constexpr std::int64_t kDefaultNow = 1'795'725'605;
constexpr std::string_view kPrefix = "login:";
const std::string kNewState = "fuzzFUZZfuzzFUZZfuzzFUZZfuzzFUZZfuzzFUZZ_-0";

std::int64_t parse_now(std::string_view line) {
    std::int64_t now = kDefaultNow;
    const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), now);
    return error == std::errc() && end == line.data() + line.size() ? now : kDefaultNow;
}

// The input: a first line `now` (Unix seconds), then one session value KEY=VALUE a line.
Session session_from(std::string_view text, std::int64_t& now) {
    Session session;
    bool first = true;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        if (first) {
            now = parse_now(line);
            first = false;
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string_view::npos) continue;
        session.values[std::string(line.substr(0, equals))] = std::string(line.substr(equals + 1));
    }
    return session;
}

// Fresh as the login flow means it, computed in 128 bits so the check itself cannot overflow.
bool is_fresh(std::int64_t started_at, std::int64_t now) {
    const __int128 age = static_cast<__int128>(now) - started_at;
    return age >= 0 && age < kPendingLoginLifetime;
}

bool is_valid_state(const std::string& state) {
    return state.size() == 43 && std::all_of(state.begin(), state.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
           });
}

std::size_t pending_count(const Session& session) {
    return static_cast<std::size_t>(
        std::count_if(session.values.begin(), session.values.end(),
                      [](const auto& value) { return value.first.rfind(kPrefix, 0) == 0; }));
}

void check_take(const Session& session, const std::string& state, std::int64_t now) {
    Session taken = session;
    const std::optional<PendingLogin> login = take_pending_login(taken, state, now);
    Session expected = session;
    if (is_valid_state(state)) expected.values.erase(std::string(kPrefix) + state);
    require(taken.values == expected.values, "taking a state removes its value and no other");
    if (!login) return;
    require(is_valid_state(state), "only a well-formed state is taken");
    require(is_fresh(login->started_at, now), "a taken login is fresh");
    require(!take_pending_login(taken, state, now), "a state works once");
}

void check_add(Session session, const std::string& verifier, std::int64_t now) {
    const PendingLogin login{verifier, "/page?x=1#top", "https://gate.example/login/authorized",
                             now};
    Session before = session;
    add_pending_login(session, kNewState, login, now);
    require(pending_count(session) <= kMaxPendingLogins, "at most kMaxPendingLogins are kept");
    for (const auto& [key, value] : before.values) {
        if (key.rfind(kPrefix, 0) != 0) {
            require(session.values.count(key) == 1 && session.values.at(key) == value,
                    "adding a login leaves other values alone");
        }
    }
    const std::optional<PendingLogin> taken = take_pending_login(session, kNewState, now);
    require(taken.has_value(), "an added login can be taken at once");
    require(taken->verifier == login.verifier && taken->next == login.next &&
                taken->redirect_uri == login.redirect_uri && taken->started_at == now,
            "an added login reads back unchanged");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::int64_t now = kDefaultNow;
    const Session session = session_from(text, now);

    for (const auto& [key, value] : session.values) {
        if (key.rfind(kPrefix, 0) == 0) check_take(session, key.substr(kPrefix.size()), now);
    }
    check_take(session, kNewState, now);
    check_add(session, std::string(text), now);
    return 0;
}
