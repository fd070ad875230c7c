// Byte encodings used for tokens and file names: base64url and hex.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orggate::crypto {

// RFC 4648 section 5 alphabet, no padding.
std::string base64url_encode(std::string_view bytes);
// Accepts unpadded base64url only; std::nullopt on any other character or a bad length.
std::optional<std::string> base64url_decode(std::string_view text);
// Lower-case hex.
std::string hex_encode(std::string_view bytes);
// True if every character of `text` is in the base64url alphabet.
bool is_base64url(std::string_view text);

}  // namespace orggate::crypto
