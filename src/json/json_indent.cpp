// One pass over compact JSON: a line break and indent after each opening bracket and comma,
// one before each closing bracket, ": " after keys, and strings copied as they are.
#include "json/json_indent.hpp"

namespace orggate {
namespace {

constexpr int kIndent = 2;

void new_line(std::string& out, int depth) {
    out += '\n';
    out.append(static_cast<std::size_t>(depth * kIndent), ' ');
}

// Copies the string starting at `at` (its opening quote) and returns the index after it.
std::size_t copy_string(std::string_view text, std::size_t at, std::string& out) {
    const std::size_t start = at++;
    while (at < text.size() && text[at] != '"')
        at += text[at] == '\\' ? 2 : 1;
    at = at < text.size() ? at + 1 : text.size();
    out.append(text.substr(start, at - start));
    return at;
}

}  // namespace

std::string indent_json(std::string_view compact) {
    std::string out;
    out.reserve(compact.size() * 3 / 2 + 64);
    int depth = 0;
    for (std::size_t at = 0; at < compact.size();) {
        const char c = compact[at];
        if (c == '"') {
            at = copy_string(compact, at, out);
            continue;
        }
        ++at;
        if (c == '{' || c == '[') {
            out += c;
            // An empty object or array stays on one line, as PrettyWriter writes it.
            if (at < compact.size() && (compact[at] == '}' || compact[at] == ']')) {
                out += compact[at++];
                continue;
            }
            new_line(out, ++depth);
        } else if (c == '}' || c == ']') {
            // Never below zero, whatever text it is given.
            depth = depth > 0 ? depth - 1 : 0;
            new_line(out, depth);
            out += c;
        } else if (c == ',') {
            out += c;
            new_line(out, depth);
        } else if (c == ':') {
            out += ": ";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace orggate
