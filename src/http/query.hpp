// Percent-encoding, query strings and urlencoded form bodies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orggate::http {

using Params = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX (and '+' as space when `plus_is_space`); nullopt on a bad or truncated escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
// Encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

// Parses a query string or an application/x-www-form-urlencoded body. Pairs that do not
// decode are dropped; a name without '=' gets an empty value.
Params parse_params(std::string_view text);
// The first value of `name`, if any.
std::optional<std::string> find_param(const Params& params, std::string_view name);
// name=value&... with both sides percent-encoded.
std::string encode_params(const Params& params);
// `url` with name=value added to its query (before any #fragment).
std::string append_param(std::string_view url, std::string_view name, std::string_view value);

}  // namespace orggate::http
