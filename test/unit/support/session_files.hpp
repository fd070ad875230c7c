// Fresh session ids and where the file store keeps them, for the store's tests.
#pragma once

#include <filesystem>
#include <string>

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "crypto/random.hpp"
#include "session/session_id.hpp"

namespace orggate::testing {

inline std::string fresh_id() {
    crypto::OpenSslTokenSource tokens;
    return new_session_id(tokens);
}

// Where the store keeps `id`, per the layout its header documents.
inline std::filesystem::path session_path(const std::filesystem::path& dir, const std::string& id) {
    const std::string hex = crypto::hex_encode(crypto::sha256(id));
    return dir / hex.substr(0, 2) / (hex + ".json");
}

}  // namespace orggate::testing
