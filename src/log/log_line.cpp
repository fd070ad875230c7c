// Building log lines.
#include "log/log_line.hpp"

#include <cstdio>

namespace orggate {
namespace {

constexpr std::size_t kMaxValueBytes = 512;

bool is_plain(unsigned char c) {
    return c > 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '=';
}

}  // namespace

std::string log_value(std::string_view value) {
    value = value.substr(0, kMaxValueBytes);
    bool plain = !value.empty();
    for (unsigned char c : value)
        plain = plain && is_plain(c);
    if (plain) return std::string(value);
    std::string out = "\"";
    for (unsigned char c : value) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c >= 0x20 && c < 0x7F) {
            out.push_back(static_cast<char>(c));
        } else {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", c);
            out += escaped;
        }
    }
    out.push_back('"');
    return out;
}

LogLine::LogLine(std::string_view event) : text_("event=" + log_value(event)) {}

LogLine& LogLine::add(std::string_view key, std::string_view value) {
    text_ += " ";
    text_.append(key);
    text_ += "=" + log_value(value);
    return *this;
}

LogLine& LogLine::add(std::string_view key, std::int64_t value) {
    return add(key, std::to_string(value));
}

}  // namespace orggate
