// The one line logged per request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace orggate::fcgi {

// `method=GET path=/page1 status=200 us=153 req=ID`: the path without its query (codes and
// states travel there), with control characters and spaces escaped so a line stays a line.
std::string format_access_line(std::string_view method, std::string_view path, int status,
                               std::int64_t micros, std::string_view request_id);

// Escapes bytes outside printable ASCII, spaces and backslashes as \xNN.
std::string escape_log_value(std::string_view value);

}  // namespace orggate::fcgi
