// KEY=VALUE files (systemd EnvironmentFile style) for --env-file.
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

// Accepts blank lines, # comments, an optional `export `, and values in single or double
// quotes (double quotes understand \" \\ \n). Later lines win.
EnvFileResult parse_env_file(std::string_view text);

// Reads and parses FILE; a file that cannot be read is reported as a problem.
EnvFileResult read_env_file(const std::string& path);

}  // namespace orggate
