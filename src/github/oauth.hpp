// The OAuth web flow's pure parts: the authorize URL, PKCE, and where GitHub sends users back.
#pragma once

#include <string>
#include <string_view>

namespace orggate::github {

struct AuthorizeRequest {
    std::string client_id;
    std::string redirect_uri;
    std::string state;
    std::string code_challenge;
    bool select_account = false;  // prompt=select_account: let the user pick another account
};

// GITHUB_URL/login/oauth/authorize?client_id=...&scope=read:org&...&code_challenge_method=S256
std::string authorize_url(std::string_view github_url, const AuthorizeRequest& request);

// RFC 7636 S256: base64url(SHA-256(verifier)).
std::string pkce_challenge(std::string_view verifier);

// The callback, always under the configured public URL: never from the request's Host.
std::string callback_url(std::string_view public_url);

}  // namespace orggate::github
