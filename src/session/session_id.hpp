// Session ids: 256 random bits as 43 base64url characters, checked before any use as a path.
#pragma once

#include <string>
#include <string_view>

#include "crypto/random.hpp"

namespace orggate {

constexpr std::size_t kSessionIdBytes = 32;
constexpr std::size_t kSessionIdLength = 43;

std::string new_session_id(crypto::TokenSource& tokens);
// Exact length and alphabet; anything else is never looked up.
bool is_valid_session_id(std::string_view id);

}  // namespace orggate
