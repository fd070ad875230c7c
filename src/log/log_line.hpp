// orggate's one log format: `event=NAME key=value ...`, one line each, values quoted when needed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace orggate {

class LogLine {
public:
    explicit LogLine(std::string_view event);
    LogLine& add(std::string_view key, std::string_view value);
    LogLine& add(std::string_view key, std::int64_t value);
    const std::string& text() const { return text_; }

private:
    std::string text_;
};

// A value as it appears in a line: bare when it is plain printable ASCII without spaces,
// quotes or backslashes, else in double quotes with \" \\ and \xNN escapes, so a value can
// never start a new line or forge a key. Cut at 512 bytes.
std::string log_value(std::string_view value);

}  // namespace orggate
