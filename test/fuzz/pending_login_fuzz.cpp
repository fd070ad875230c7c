// Fuzzes a pending login as its cookie decodes it: what decodes is well-formed and round-trips,
// and freshness never overflows, whatever the stored time.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fuzz_property.hpp"
#include "web/pending_login.hpp"

using namespace orggate::web;
using orggate::fuzz::require;

namespace {

constexpr std::int64_t kDefaultNow = 1'795'725'605;

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
bool fresh_by_model(std::int64_t started_at, std::int64_t now) {
    const __int128 age = static_cast<__int128>(now) - started_at;
    return age >= 0 && age < kPendingLoginLifetime;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::int64_t now = split_now(text);
    const std::optional<PendingLogin> login = decode_pending_login(text);
    if (!login) return 0;
    require(is_valid_state(login->state), "only a well-formed state decodes");
    require(is_fresh(*login, now) == fresh_by_model(login->started_at, now),
            "freshness agrees with a model that cannot overflow");
    const std::optional<PendingLogin> again = decode_pending_login(encode_pending_login(*login));
    require(again && again->state == login->state && again->verifier == login->verifier &&
                again->next == login->next && again->started_at == login->started_at,
            "a login reads back unchanged");
    return 0;
}
