// Session <-> the JSON stored in a session file (RapidJSON).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "session/session.hpp"

namespace orggate {

// Larger session records are refused when read and when written.
constexpr std::size_t kMaxSessionJsonBytes = 64 * 1024;

std::string encode_session(const Session& session);
// nullopt on anything malformed: bad JSON, wrong types, unknown version, too large.
std::optional<Session> decode_session(std::string_view json);

}  // namespace orggate
