// orggate's command line: flags, --help text, and the process environment they override.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace orggate {

struct CommandLine {
    bool help = false;
    bool version = false;
    bool check_config = false;  // validate and print the settings, do not serve
    bool online = false;        // with check_config: also ask GitHub
    std::string env_file;
    Environment overrides;  // flags that stand for variables, e.g. --socket -> ORGGATE_SOCKET
    std::vector<std::string> problems;
};

CommandLine parse_command_line(const std::vector<std::string>& args);

std::string usage_text();

// The process environment (the one place orggate reads it).
Environment process_environment();

// The settings in force: env file, overridden by the environment, overridden by flags.
Environment merge_settings(const Environment& file, const Environment& process,
                           const Environment& flags);

}  // namespace orggate
