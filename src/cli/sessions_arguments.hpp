// `orggate sessions ...`: its arguments, parsed (pure), and its --help text.
#pragma once

#include <string>
#include <vector>

namespace orggate::cli {

struct SessionsArguments {
    enum class Action { kHelp, kList, kEnd };
    Action action = Action::kHelp;
    std::string login;     // --user LOGIN of list, LOGIN of end; empty: everyone (list only)
    std::string env_file;  // --env-file FILE, as for the service
    std::vector<std::string> problems;
};

// `args` are those after "sessions".
SessionsArguments parse_sessions_arguments(const std::vector<std::string>& args);

std::string sessions_usage_text();

}  // namespace orggate::cli
