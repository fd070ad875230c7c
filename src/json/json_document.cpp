// Bounded JSON parsing shared by the session codecs.
#include "json/json_document.hpp"

namespace orggate {
namespace {

// Counts brackets outside strings. Only valid JSON reaches a recursive walk, and for valid
// JSON this is exactly the nesting the parsed document will have.
bool nesting_within(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

}  // namespace

bool parse_json_document(std::string_view text, std::size_t max_bytes,
                         rapidjson::Document& document) {
    // RapidJSON reads a NUL byte as the end of input, which would hide trailing garbage.
    if (text.size() > max_bytes || text.find('\0') != std::string_view::npos) return false;
    if (!nesting_within(text, kMaxJsonDepth)) return false;
    // The iterative parser keeps the call stack flat whatever the input looks like.
    document.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
    return !document.HasParseError();
}

}  // namespace orggate
