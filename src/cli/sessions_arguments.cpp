// Parsing `orggate sessions list [--user LOGIN]` and `orggate sessions end LOGIN`.
#include "cli/sessions_arguments.hpp"

#include <cstddef>

namespace orggate::cli {
namespace {

// Takes the value of `flag` (as "--flag VALUE" or "--flag=VALUE") at args[i], or says why not.
bool take_value(const std::vector<std::string>& args, std::size_t& i, const std::string& flag,
                std::string& out, std::vector<std::string>& problems) {
    const std::string& arg = args[i];
    if (arg.rfind(flag + "=", 0) == 0) {
        out = arg.substr(flag.size() + 1);
    } else if (arg == flag && i + 1 < args.size()) {
        out = args[++i];
    } else if (arg == flag) {
        problems.push_back(flag + " needs a value");
        return true;
    } else {
        return false;
    }
    if (out.empty()) problems.push_back(flag + " needs a value");
    return true;
}

SessionsArguments::Action action_named(const std::string& name,
                                       std::vector<std::string>& problems) {
    using Action = SessionsArguments::Action;
    if (name == "list") return Action::kList;
    if (name == "end") return Action::kEnd;
    if (name != "--help" && name != "-h" && name != "help") {
        problems.push_back("unknown sessions command " + name + " (list or end)");
    }
    return Action::kHelp;
}

}  // namespace

SessionsArguments parse_sessions_arguments(const std::vector<std::string>& args) {
    using Action = SessionsArguments::Action;
    SessionsArguments parsed;
    if (args.empty()) {
        parsed.problems.push_back("say what to do: list or end (see orggate sessions --help)");
        return parsed;
    }
    parsed.action = action_named(args[0], parsed.problems);
    std::vector<std::string> positional;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--help" || args[i] == "-h") {
            parsed.action = Action::kHelp;
            return parsed;
        }
        if (take_value(args, i, "--env-file", parsed.env_file, parsed.problems)) continue;
        if (parsed.action == Action::kList &&
            take_value(args, i, "--user", parsed.login, parsed.problems)) {
            continue;
        }
        if (args[i].rfind("-", 0) == 0) {
            parsed.problems.push_back("unknown argument " + args[i]);
            continue;
        }
        positional.push_back(args[i]);
    }
    if (parsed.action == Action::kEnd && positional.size() == 1) {
        parsed.login = positional[0];
    } else if (parsed.action == Action::kEnd) {
        parsed.problems.push_back("sessions end needs exactly one LOGIN");
    } else if (!positional.empty()) {
        parsed.problems.push_back("unexpected argument " + positional[0]);
    }
    return parsed;
}

std::string sessions_usage_text() {
    return "Usage: orggate sessions list [--user LOGIN] [--env-file FILE]\n"
           "       orggate sessions end LOGIN [--env-file FILE]\n"
           "\n"
           "Lists or ends the sessions in orggate's session folder (ORGGATE_SESSION_DIR, read\n"
           "from the environment and --env-file like the service). Safe while orggate runs: an\n"
           "ended session is refused on its browser's next request. Run it as root (it then\n"
           "acts as the owner of the session folder, e.g. systemd's DynamicUser) or as that\n"
           "owner.\n"
           "\n"
           "  list             one line per logged-in session: login, GitHub id, created, last\n"
           "                   seen (UTC) and the start of its file name (never an id or token)\n"
           "    --user LOGIN   only that user's sessions (GitHub logins ignore case)\n"
           "  end LOGIN        ends every session of LOGIN: each browser is logged out and told\n"
           "                   so on its next page; the end is logged to stderr\n"
           "  --env-file FILE  read KEY=VALUE settings from FILE; the environment wins over it\n"
           "  --help           show this text\n"
           "\n"
           "Exit status: 0 done; 1 no such user (no live session of LOGIN: nothing listed or\n"
           "ended); 2 bad usage or settings; 3 the session folder is missing, is another\n"
           "user's, or could not be read or written.\n";
}

}  // namespace orggate::cli
