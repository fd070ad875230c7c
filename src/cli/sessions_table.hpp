// The table `orggate sessions list` prints (pure).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "session/session_store.hpp"

namespace orggate::cli {

// How much of a session file's name the table shows: enough to tell sessions apart.
constexpr std::size_t kFilePrefixLength = 12;

// A header and one line per session, sorted by login then creation, columns aligned; times in
// UTC. Never shows a session id or token: only the start of the file name, a hash of the id.
std::string sessions_table(std::vector<StoredSession> sessions);

// Unix seconds as "2026-12-01 14:05:00Z".
std::string utc_time(std::int64_t unix_seconds);

}  // namespace orggate::cli
