// KEY=VALUE files for --env-file, read exactly as systemd's EnvironmentFile= reads them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace orggate {

struct EnvFileResult {
    Environment values;
    std::vector<std::string> problems;  // "line N: why", never the line's value
};

// The subset of systemd's EnvironmentFile= syntax (systemd 247 and later) on which orggate and
// systemd agree: blank lines; comment lines starting with # or ;; NAME=VALUE with spaces allowed
// around the =; a value bare, 'single-quoted' (literal) or "double-quoted" (\" \\ \` \$ stand
// for the character, any other backslash stays). Later lines win. Every line the two would read
// differently is a problem instead: text after a closing quote, a bare value with " #" (systemd
// keeps it as part of the value) or a backslash, `export`, quotes spanning lines, a comment
// ending in a backslash, carriage returns inside a line, NUL bytes, invalid UTF-8, control
// characters in a value.
EnvFileResult parse_env_file(std::string_view text);

// Reads and parses FILE; a file that cannot be read is reported as a problem.
EnvFileResult read_env_file(const std::string& path);

}  // namespace orggate
