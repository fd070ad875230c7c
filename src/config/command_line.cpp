// Parses flags and gathers the environment they apply to.
#include "config/command_line.hpp"

#include <unistd.h>

namespace orggate {
namespace {

struct ValueFlag {
    const char* flag;
    const char* variable;  // nullptr: --env-file
    const char* help;
};

const ValueFlag kValueFlags[] = {
    {"--env-file", nullptr, "read KEY=VALUE settings from FILE; the environment wins over it"},
    {"--socket", "ORGGATE_SOCKET", "listen on a unix socket path or 127.0.0.1:PORT"},
    {"--threads", "ORGGATE_THREADS", "number of worker threads"},
    {"--templates", "ORGGATE_TEMPLATE_DIR", "folder of the page templates"},
};

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
    CommandLine result;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg == "--help" || arg == "-h") {
            result.help = true;
            continue;
        }
        if (arg == "--version") {
            result.version = true;
            continue;
        }
        if (arg == "--check-config" || arg == "check-config") {
            result.check_config = true;
            continue;
        }
        if (arg == "--online") {
            result.online = true;
            continue;
        }
        if (arg == "--quiet-requests") {
            result.overrides["ORGGATE_REQUEST_LOG"] = "off";
            continue;
        }
        std::string value;
        bool has_value = false;
        if (const auto equals = arg.find('=');
            arg.rfind("--", 0) == 0 && equals != std::string::npos) {
            value = arg.substr(equals + 1);
            arg = arg.substr(0, equals);
            has_value = true;
        }
        const ValueFlag* match = nullptr;
        for (const ValueFlag& flag : kValueFlags) {
            if (arg == flag.flag) match = &flag;
        }
        if (match == nullptr) {
            result.problems.push_back("unknown argument " + arg + " (see --help)");
            continue;
        }
        if (!has_value && i + 1 < args.size()) {
            value = args[++i];
            has_value = true;
        }
        if (!has_value) {
            result.problems.push_back(arg + " needs a value");
            continue;
        }
        if (match->variable == nullptr) {
            result.env_file = value;
        } else {
            result.overrides[match->variable] = value;
        }
    }
    return result;
}

std::string usage_text() {
    std::string text =
        "Usage: orggate [OPTIONS]\n"
        "\n"
        "A FastCGI sign-in gate: only members of one GitHub organization may log in.\n"
        "Runs behind nginx (fastcgi_pass) and serves /, /page1, /page2 and the login routes.\n"
        "\n"
        "Options:\n";
    for (const ValueFlag& flag : kValueFlags) {
        text += "  " + std::string(flag.flag) + (flag.variable ? " VALUE" : " FILE") + "\n      " +
                flag.help + (flag.variable ? std::string(" (sets ") + flag.variable + ")" : "") +
                "\n";
    }
    text +=
        "  --check-config, check-config\n"
        "      validate the settings, the template folder and the session folder, print the\n"
        "      effective settings with secrets redacted, and exit (0: all good, 1: not)\n"
        "  --online\n"
        "      with --check-config: also check that GitHub answers and knows the client id\n"
        "      and secret\n"
        "  --quiet-requests\n"
        "      no event=request line per request (sets ORGGATE_REQUEST_LOG=off)\n"
        "  sessions list|end ...\n"
        "      list or end users' sessions while orggate runs (see orggate sessions --help)\n"
        "  --help\n      show this text\n"
        "  --version\n      print the version\n"
        "\n"
        "Environment variables (flags win over them, they win over --env-file):\n" +
        describe_variables() +
        "\n"
        "Signals: SIGTERM or SIGINT finishes the requests in flight and exits 0.\n"
        "Logs: one line per request on stderr (unless --quiet-requests); cookies, codes and "
        "tokens are never logged.\n";
    return text;
}

Environment process_environment() {
    Environment env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string pair = *entry;
        const auto equals = pair.find('=');
        if (equals != std::string::npos) env[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
    return env;
}

Environment merge_settings(const Environment& file, const Environment& process,
                           const Environment& flags) {
    Environment merged = file;
    for (const auto& [name, value] : process)
        merged[name] = value;
    for (const auto& [name, value] : flags)
        merged[name] = value;
    return merged;
}

}  // namespace orggate
