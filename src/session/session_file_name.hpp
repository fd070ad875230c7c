// Where the file store keeps a session: a shard folder and a file name, both from the id's hash.
#pragma once

#include <cstddef>
#include <string>

namespace orggate {

// The shard folders: one per value of the hash's first byte.
constexpr std::size_t kSessionShards = 256;

struct SessionFileName {
    std::size_t shard_index;  // the hash's first byte, 0..kSessionShards-1
    std::string shard;        // its folder: two hex digits
    std::string file;         // <sha256-hex of the id>.json
};

// The id itself never becomes a path, only its hash does.
SessionFileName session_file_name(const std::string& id);
// The folder of shard `shard_index`.
std::string session_shard_name(std::size_t shard_index);
// True for a name session_file_name could have given (not a temporary or foreign file).
bool is_session_file_name(const std::string& name);

}  // namespace orggate
