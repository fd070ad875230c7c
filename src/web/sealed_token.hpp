// The GitHub token in a session: sealed with its key's id beside it, re-sealed under the current
// key when the session is written, and found unusable (its key retired) without opening it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/sealed_box.hpp"
#include "session/session.hpp"

namespace orggate::web {

// Which key sealed a session's token, as far as the box can tell.
enum class TokenKey {
    kNone,      // the session holds no token
    kCurrent,   // the current key: nothing to do
    kPrevious,  // a key the box still opens with: re-sealed on the session's next write
    kRetired,   // no key of the box: the token is lost and the session must end
};

// Compares the stored key id with the box's ids: no decryption, so it can run on every
// request. A token stored without an id (sealed before orggate kept ids) is opened once to
// tell; it counts as kPrevious when it opens, so its next write stores an id.
TokenKey token_key(const Session& session, const crypto::SealedBox& box);

// Stores `token` in `values`, sealed under the box's current key, with that key's id beside it.
void put_sealed_token(std::map<std::string, std::string>& values, const crypto::SealedBox& box,
                      std::string_view token);

// The session's GitHub token in the clear (for the background re-check), or nullopt when it
// holds none, or none of the box's keys opens it (a retired key, a damaged value). Never logged.
std::optional<std::string> open_sealed_token(const Session& session, const crypto::SealedBox& box);

// Re-seals the session's token under the current key if an older key sealed it; a token
// already under the current key, or one no key opens, is left as it is.
void reseal_token(Session& session, const crypto::SealedBox& box);

}  // namespace orggate::web
