// `orggate sessions list|end`: the operator's view of the session folder, beside the service.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace orggate::cli {

// Exit statuses of `orggate sessions` (also in its --help text).
constexpr int kExitDone = 0;
// No live session of the LOGIN asked for: `list --user` listed nothing and `end` ended nothing.
// Apart from 0 so that a script can tell "already out" from "thrown out now".
constexpr int kExitNoSuchUser = 1;
constexpr int kExitBadUsage = 2;
constexpr int kExitStorageError = 3;

// What the browsers of a user ended by the operator read on their next page.
constexpr const char* kEndedByOperatorMessage =
    "Your session was ended by the administrator of this site. You can log in again if you "
    "still have access.";

// Runs `orggate sessions ARGS` (`args` are those after "sessions") and returns its exit status.
// Results go to `out`; problems and the event=session_ended lines to `log` (stderr).
int run_sessions_command(const std::vector<std::string>& args,
                         const std::string& installed_template_dir, std::ostream& out,
                         const std::function<void(const std::string&)>& log);

}  // namespace orggate::cli
