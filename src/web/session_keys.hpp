// Names of the values orggate keeps in Session::values.
#pragma once

namespace orggate::web {

// Random token the logout form must echo (set at login).
constexpr const char* kCsrfTokenKey = "csrf_token";
// The GitHub access token, sealed with the app's key (never stored in the clear).
constexpr const char* kGitHubTokenKey = "github_token";
// The id of the key that sealed it (crypto::SealedBox::key_id, not secret): a request tells a
// token sealed under a retired key without opening it.
constexpr const char* kGitHubTokenKeyIdKey = "github_token_key";

}  // namespace orggate::web
