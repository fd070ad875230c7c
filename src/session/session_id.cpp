// Making and checking session ids.
#include "session/session_id.hpp"

#include <stdexcept>

#include "crypto/encoding.hpp"

namespace orggate {

std::string new_session_id(crypto::TokenSource& tokens) {
    std::string id = tokens.token(kSessionIdBytes);
    // Every id we hand out must pass the check every id we receive goes through.
    if (!is_valid_session_id(id)) throw std::runtime_error("token source gave a malformed id");
    return id;
}

bool is_valid_session_id(std::string_view id) {
    return id.size() == kSessionIdLength && crypto::is_base64url(id);
}

}  // namespace orggate
