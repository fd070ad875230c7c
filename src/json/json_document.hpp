// Parsing untrusted JSON text into a RapidJSON document, bounded in size and nesting.
#pragma once

#include <cstddef>
#include <string_view>

#include <rapidjson/document.h>

namespace orggate {

// Deep enough for any GitHub object; shallow enough that recursive walks cannot overflow.
constexpr int kMaxJsonDepth = 32;

// False if `text` is longer than `max_bytes`, holds a raw NUL byte, nests deeper than
// kMaxJsonDepth, or is not one JSON value. Never throws on bad input.
bool parse_json_document(std::string_view text, std::size_t max_bytes,
                         rapidjson::Document& document);

}  // namespace orggate
