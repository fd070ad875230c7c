// Formatting of access log lines.
#include "fcgi/access_log.hpp"

#include <cstdio>

namespace orggate::fcgi {

std::string escape_log_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (unsigned char c : value) {
        if (c > 0x20 && c < 0x7F && c != '\\') {
            out.push_back(static_cast<char>(c));
        } else {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", c);
            out += escaped;
        }
    }
    return out;
}

std::string format_access_line(std::string_view method, std::string_view path, int status,
                               std::int64_t micros, std::string_view request_id) {
    std::string line = "method=" + escape_log_value(method.substr(0, 16));
    line += " path=" + escape_log_value(path.substr(0, 256));
    line += " status=" + std::to_string(status);
    line += " us=" + std::to_string(micros);
    if (!request_id.empty()) line += " req=" + escape_log_value(request_id.substr(0, 64));
    return line;
}

}  // namespace orggate::fcgi
