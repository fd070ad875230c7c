// GitHub's JSON answers and request bodies (RapidJSON).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orggate::github {

// The token endpoint's answer: an access token, or GitHub's error (sent with HTTP 200).
struct TokenReply {
    std::string access_token;  // empty unless GitHub granted one
    std::string error;         // e.g. "bad_verification_code"
    std::string error_description;
};

// nullopt when the body is not a JSON object with either an access_token or an error.
std::optional<TokenReply> parse_token_reply(std::string_view body);

// The "state" of a membership object ("active", "pending"); nullopt when malformed.
std::optional<std::string> parse_membership_state(std::string_view body);

// The "message" of a GitHub error object, or empty.
std::string parse_error_message(std::string_view body);

// {"access_token": token}, the body of a revocation request.
std::string revocation_body(std::string_view token);

}  // namespace orggate::github
