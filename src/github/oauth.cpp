// Building the authorize request.
#include "github/oauth.hpp"

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "http/query.hpp"

namespace orggate::github {

std::string authorize_url(std::string_view github_url, const AuthorizeRequest& request) {
    http::Params params{
        {"client_id", request.client_id},
        {"redirect_uri", request.redirect_uri},
        {"scope", "read:org"},
        {"state", request.state},
        {"code_challenge", request.code_challenge},
        {"code_challenge_method", "S256"},
        {"allow_signup", "false"},
    };
    if (request.select_account) params.emplace_back("prompt", "select_account");
    return std::string(github_url) + "/login/oauth/authorize?" + http::encode_params(params);
}

std::string pkce_challenge(std::string_view verifier) {
    return crypto::base64url_encode(crypto::sha256(verifier));
}

std::string callback_url(std::string_view public_url) {
    return std::string(public_url) + "/login/authorized";
}

}  // namespace orggate::github
