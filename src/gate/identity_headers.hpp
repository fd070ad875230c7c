// The headers a 204 from the gate check carries, for nginx to hand to the protected upstream.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "session/user_profile.hpp"

namespace orggate::gate {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Percent-encoded UTF-8: everything but RFC 3986's unreserved characters (letters, digits,
// -._~) becomes %XX, a space included, so no CR, LF, comma or non-ASCII byte reaches a header
// and any URL decoder (rawurldecode, urllib.parse.unquote) gives the value back.
std::string encode_header_value(std::string_view value);

// X-Orggate-User (login), X-Orggate-User-Id, X-Orggate-Name (the login when there is no name)
// and X-Orggate-Teams (`teams`, comma-separated, each encoded), in that order.
Headers identity_headers(const UserProfile& user, const std::vector<std::string>& teams);

}  // namespace orggate::gate
