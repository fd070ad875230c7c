// `orggate sessions`: settings as the service reads them, then list or end through the store.
#include "cli/sessions_command.hpp"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "cli/sessions_arguments.hpp"
#include "cli/sessions_table.hpp"
#include "config/command_line.hpp"
#include "config/env_file.hpp"
#include "log/log_line.hpp"
#include "session/file_session_store.hpp"

namespace orggate::cli {
namespace {

using Log = std::function<void(const std::string&)>;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

int usage_problem(const std::vector<std::string>& problems, const Log& log) {
    std::string text = "orggate sessions: ";
    for (const std::string& problem : problems)
        text += problem + "; ";
    log(text + "see orggate sessions --help");
    return kExitBadUsage;
}

// The service's own settings: --env-file, overridden by the environment.
std::optional<Config> load_settings(const SessionsArguments& arguments,
                                    const std::string& installed_template_dir, const Log& log) {
    EnvFileResult file;
    if (!arguments.env_file.empty()) file = read_env_file(arguments.env_file);
    std::vector<std::string> problems = file.problems;
    ConfigResult result;
    if (problems.empty()) {
        result = load_config(merge_settings(file.values, process_environment(), {}),
                             installed_template_dir);
        problems = result.problems;
    }
    if (problems.empty()) return result.config;
    std::string text = "orggate sessions: the settings need attention:";
    for (const std::string& problem : problems)
        text += "\n  - " + problem;
    log(text);
    return std::nullopt;
}

// Who owns the session folder, or why it cannot be used.
struct Folder {
    std::optional<struct stat> owner;
    std::string problem;
};

// Files this process writes must stay readable by the service: as another user it would leave
// session files the service cannot open. Root may go on: it becomes the owner (below).
Folder check_folder(const std::string& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return {std::nullopt,
                "no session folder at " + dir + " (ORGGATE_SESSION_DIR; has orggate run yet?)"};
    }
    if (st.st_uid != ::geteuid() && ::geteuid() != 0) {
        return {std::nullopt, "the session folder " + dir + " belongs to uid " +
                                  std::to_string(st.st_uid) +
                                  ": run this as that user or as root, so that orggate can "
                                  "still read what it writes"};
    }
    return {st, ""};
}

// Root becomes the folder's owner once the store holds the folder open: systemd's DynamicUser
// has no name to sudo to, and keeps the folder under /var/lib/private, which only root may
// pass; every later access is relative to the open folder, so its owner needs no more.
bool become_owner(const struct stat& folder) {
    if (::geteuid() == folder.st_uid) return true;
    return ::setgroups(0, nullptr) == 0 &&
           ::setresgid(folder.st_gid, folder.st_gid, folder.st_gid) == 0 &&
           ::setresuid(folder.st_uid, folder.st_uid, folder.st_uid) == 0;
}

std::vector<IndexedUser> users_named(SessionStore& store, const std::string& login) {
    std::vector<IndexedUser> found;
    for (IndexedUser& user : store.indexed_users()) {
        if (lower(user.login) == lower(login)) found.push_back(std::move(user));
    }
    return found;
}

int list_sessions(SessionStore& store, const std::string& login, std::ostream& out,
                  const Log& log) {
    std::vector<StoredSession> sessions;
    if (login.empty()) {
        sessions = store.sessions_of(std::nullopt);
    } else {
        for (const IndexedUser& user : users_named(store, login)) {
            for (StoredSession& stored : store.sessions_of(user.id))
                sessions.push_back(std::move(stored));
        }
    }
    if (sessions.empty() && !login.empty()) {
        log("orggate sessions: no live session of " + login);
        return kExitNoSuchUser;
    }
    if (sessions.empty()) {
        out << "No logged-in sessions.\n";
        return kExitDone;
    }
    out << sessions_table(std::move(sessions));
    return kExitDone;
}

int end_sessions(SessionStore& store, const std::string& login, std::ostream& out, const Log& log) {
    const std::vector<IndexedUser> users = users_named(store, login);
    std::size_t ended = 0;
    for (const IndexedUser& user : users) {
        const std::size_t count = store.end_sessions_of(user.id, kEndedByOperatorMessage);
        ended += count;
        log(LogLine("session_ended")
                .add("reason", "operator")
                .add("user", user.login)
                .add("user_id", user.id)
                .add("sessions", static_cast<std::int64_t>(count))
                .text());
        out << "Ended " << count << " session" << (count == 1 ? "" : "s") << " of " << user.login
            << " (GitHub id " << user.id << ").\n";
    }
    if (ended == 0) {
        log("orggate sessions: no live session of " + login + ", nothing to end");
        return kExitNoSuchUser;
    }
    return kExitDone;
}

}  // namespace

int run_sessions_command(const std::vector<std::string>& args,
                         const std::string& installed_template_dir, std::ostream& out,
                         const Log& log) {
    const SessionsArguments arguments = parse_sessions_arguments(args);
    if (!arguments.problems.empty()) return usage_problem(arguments.problems, log);
    if (arguments.action == SessionsArguments::Action::kHelp) {
        out << sessions_usage_text();
        return kExitDone;
    }
    const std::optional<Config> config = load_settings(arguments, installed_template_dir, log);
    if (!config) return kExitBadUsage;
    const Folder folder = check_folder(config->session_dir);
    if (!folder.owner) {
        log("orggate sessions: " + folder.problem);
        return kExitStorageError;
    }
    try {
        SystemClock clock;
        FileSessionStore store(config->session_dir, config->session_limits, clock);
        if (!become_owner(*folder.owner)) {
            log("orggate sessions: cannot become uid " + std::to_string(folder.owner->st_uid) +
                ", the owner of the session folder");
            return kExitStorageError;
        }
        if (arguments.action == SessionsArguments::Action::kList) {
            return list_sessions(store, arguments.login, out, log);
        }
        return end_sessions(store, arguments.login, out, log);
    } catch (const std::exception& error) {
        log(LogLine("error")
                .add("msg", "session storage failed")
                .add("detail", error.what())
                .text());
        return kExitStorageError;
    }
}

}  // namespace orggate::cli
