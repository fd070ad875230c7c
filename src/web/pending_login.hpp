// A login in progress, carried by the browser that started it and keyed by its OAuth state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orggate::web {

struct PendingLogin {
    std::string state;     // OAuth state: 43 base64url characters, sent to GitHub and back
    std::string verifier;  // PKCE code_verifier
    std::string next;      // where to go after login (already checked)
    std::int64_t started_at = 0;
};

constexpr std::int64_t kPendingLoginLifetime = 600;  // GitHub's codes live 10 minutes too
constexpr std::size_t kStateLength = 43;

// True for the shape of a state orggate makes: 43 base64url characters.
bool is_valid_state(std::string_view state);

// Started no later than `now` and less than kPendingLoginLifetime before it.
bool is_fresh(const PendingLogin& login, std::int64_t now);

// "s=STATE&v=VERIFIER&n=NEXT&t=STARTED", encoded like a query string; decoding refuses anything
// else, a malformed state included.
std::string encode_pending_login(const PendingLogin& login);
std::optional<PendingLogin> decode_pending_login(std::string_view text);

}  // namespace orggate::web
