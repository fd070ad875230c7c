// The session folder's layout: DIR/ab/<sha256-hex of id>.json.
#include "session/session_file_name.hpp"

#include <string_view>

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"

namespace orggate {
namespace {

constexpr std::string_view kSessionSuffix = ".json";
constexpr std::size_t kHashHexLength = 64;

}  // namespace

SessionFileName session_file_name(const std::string& id) {
    const std::string digest = crypto::sha256(id);
    const std::string hex = crypto::hex_encode(digest);
    return SessionFileName{static_cast<unsigned char>(digest[0]), hex.substr(0, 2),
                           hex + std::string(kSessionSuffix)};
}

std::string session_shard_name(std::size_t shard_index) {
    return crypto::hex_encode(std::string(1, static_cast<char>(shard_index)));
}

bool is_session_file_name(const std::string& name) {
    return name.size() == kHashHexLength + kSessionSuffix.size() &&
           name.compare(kHashHexLength, kSessionSuffix.size(), kSessionSuffix) == 0;
}

}  // namespace orggate
