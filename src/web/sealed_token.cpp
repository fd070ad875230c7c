// Keeping the session's sealed GitHub token under the current key, and spotting a lost one.
#include "web/sealed_token.hpp"

#include "web/session_keys.hpp"

namespace orggate::web {
namespace {

const std::string* find_value(const Session& session, const char* name) {
    const auto found = session.values.find(name);
    return found == session.values.end() ? nullptr : &found->second;
}

}  // namespace

TokenKey token_key(const Session& session, const crypto::SealedBox& box) {
    const std::string* sealed = find_value(session, kGitHubTokenKey);
    if (sealed == nullptr) return TokenKey::kNone;
    const std::string* id = find_value(session, kGitHubTokenKeyIdKey);
    if (id == nullptr) return box.open(*sealed) ? TokenKey::kPrevious : TokenKey::kRetired;
    if (*id == box.key_id()) return TokenKey::kCurrent;
    return box.has_key(*id) ? TokenKey::kPrevious : TokenKey::kRetired;
}

void put_sealed_token(std::map<std::string, std::string>& values, const crypto::SealedBox& box,
                      std::string_view token) {
    values[kGitHubTokenKey] = box.seal(token);
    values[kGitHubTokenKeyIdKey] = box.key_id();
}

std::optional<std::string> open_sealed_token(const Session& session, const crypto::SealedBox& box) {
    if (token_key(session, box) == TokenKey::kRetired) return std::nullopt;
    const std::string* sealed = find_value(session, kGitHubTokenKey);
    if (sealed == nullptr) return std::nullopt;
    return box.open(*sealed);
}

void reseal_token(Session& session, const crypto::SealedBox& box) {
    if (token_key(session, box) != TokenKey::kPrevious) return;
    // kPrevious means the box opens it (an id it knows, or an id-less token it opened).
    const std::optional<std::string> token = box.open(session.values.at(kGitHubTokenKey));
    if (token) put_sealed_token(session.values, box, *token);
}

}  // namespace orggate::web
