// Turns an Environment into a validated Config, collecting every problem.
#include "config/config.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

namespace orggate {
namespace {

constexpr std::size_t kMinSecretKeyBytes = 32;

struct Variable {
    const char* name;
    const char* default_value;  // nullptr: required
    const char* help;
};

// The one list of variables: defaults, validation and --help all read it.
const Variable kVariables[] = {
    {"GITHUB_CLIENT_ID", nullptr, "client id of the GitHub OAuth app"},
    {"GITHUB_CLIENT_SECRET", nullptr, "client secret of the GitHub OAuth app"},
    {"APP_SECRET_KEY", nullptr,
     "at least 32 random bytes, e.g. the output of `openssl rand -base64 48`"},
    {"GITHUB_ORG", nullptr, "the GitHub organization whose members may log in"},
    {"GITHUB_URL", "https://github.com", "GitHub web URL (GitHub Enterprise Server: https://HOST)"},
    {"GITHUB_API_URL", "https://api.github.com",
     "GitHub REST API URL (GitHub Enterprise Server: https://HOST/api/v3)"},
    {"ORGGATE_GITHUB_CONNECT_TIMEOUT", "5s", "how long to wait for a connection to GitHub"},
    {"ORGGATE_GITHUB_TIMEOUT", "10s", "how long one call to GitHub may take in all"},
    {"ORGGATE_PUBLIC_URL", "",
     "public base URL such as https://example.org; empty: the scheme and host nginx passes"},
    {"ORGGATE_SESSION_DIR", "/var/lib/orggate/sessions", "folder of the session files"},
    {"ORGGATE_SESSION_IDLE_TIMEOUT", "24h", "a session ends after this long unused (s/m/h/d)"},
    {"ORGGATE_SESSION_LIFETIME", "7d", "a session ends this long after login at the latest"},
    {"ORGGATE_SESSION_SWEEP_INTERVAL", "5m", "how often expired session files are removed"},
    {"ORGGATE_SOCKET", "",
     "unix socket path or 127.0.0.1:PORT; empty: the socket on fd 0 (spawn-fcgi) or from "
     "systemd socket activation"},
    {"ORGGATE_THREADS", "16", "worker threads (1-256); each serves one request at a time"},
    {"ORGGATE_TEMPLATE_DIR", "",
     "folder of the page templates; empty: share/orggate/templates beside the program's folder "
     "(PREFIX/sbin/orggate -> PREFIX/share/orggate/templates)"},
};

class Reader {
public:
    explicit Reader(const Environment& env) : env_(env) {}

    std::string get(const char* name) {
        auto it = env_.find(name);
        if (it != env_.end() && !it->second.empty()) return it->second;
        const Variable* variable = find(name);
        if (variable->default_value == nullptr) {
            problems.push_back(std::string(name) + " is not set: " + variable->help + ".");
            return "";
        }
        return variable->default_value;
    }

    void bad(const char* name, const std::string& why) {
        problems.push_back(std::string(name) + " " + why + ".");
    }

    std::vector<std::string> problems;

private:
    static const Variable* find(const char* name) {
        for (const Variable& variable : kVariables) {
            if (std::string_view(variable.name) == name) return &variable;
        }
        return nullptr;
    }

    const Environment& env_;
};

bool is_http_url(const std::string& url) {
    auto starts = [&](std::string_view prefix) { return url.rfind(prefix, 0) == 0; };
    std::size_t host_start = starts("https://") ? 8 : starts("http://") ? 7 : 0;
    return host_start != 0 && url.size() > host_start &&
           url.find_first_of(" \t\r\n?#") == std::string::npos;
}

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

// GitHub logins and org names: letters, digits and single inner hyphens, at most 39.
bool is_github_name(const std::string& name) {
    if (name.empty() || name.size() > 39 || name.front() == '-' || name.back() == '-') return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

void read_url(Reader& reader, const char* name, std::string& out) {
    out = without_trailing_slash(reader.get(name));
    if (!out.empty() && !is_http_url(out)) reader.bad(name, "must be an http:// or https:// URL");
}

void read_duration(Reader& reader, const char* name, std::int64_t& out) {
    auto seconds = parse_duration(reader.get(name));
    if (!seconds) return reader.bad(name, "must be a positive duration such as 90s, 30m, 8h or 7d");
    out = *seconds;
}

void read_threads(Reader& reader, int& out) {
    const std::string text = reader.get("ORGGATE_THREADS");
    const bool digits =
        !text.empty() && text.size() <= 3 && std::all_of(text.begin(), text.end(), ::isdigit);
    const int value = digits ? std::stoi(text) : 0;
    if (value < 1 || value > 256)
        return reader.bad("ORGGATE_THREADS", "must be a number from 1 to 256");
    out = value;
}

void read_secrets(Reader& reader, Config& config) {
    config.github_client_id = reader.get("GITHUB_CLIENT_ID");
    config.github_client_secret = reader.get("GITHUB_CLIENT_SECRET");
    config.app_secret_key = reader.get("APP_SECRET_KEY");
    if (!config.app_secret_key.empty() && config.app_secret_key.size() < kMinSecretKeyBytes) {
        reader.bad("APP_SECRET_KEY",
                   "is too short: use at least 32 random bytes, e.g. `openssl rand -base64 48`");
    }
    config.github_org = reader.get("GITHUB_ORG");
    if (!config.github_org.empty() && !is_github_name(config.github_org)) {
        reader.bad("GITHUB_ORG", "must be a GitHub organization name (letters, digits, hyphens)");
    }
}

// systemd socket activation passes fd 3 (sd_listen_fds); spawn-fcgi passes fd 0.
std::string inherited_socket(const Environment& env) {
    const auto fds = env.find("LISTEN_FDS");
    const auto pid = env.find("LISTEN_PID");
    const bool from_systemd = fds != env.end() && fds->second == "1" && pid != env.end() &&
                              pid->second == std::to_string(getpid());
    return from_systemd ? "fd:3" : "fd:0";
}

}  // namespace

std::optional<std::int64_t> parse_duration(const std::string& text) {
    if (text.empty() || text.size() > 12) return std::nullopt;
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
        ++digits;
    if (digits == 0 || text.size() - digits > 1) return std::nullopt;
    std::int64_t unit = 1;
    if (digits < text.size()) {
        switch (text.back()) {
            case 's':
                unit = 1;
                break;
            case 'm':
                unit = 60;
                break;
            case 'h':
                unit = 3600;
                break;
            case 'd':
                unit = 86400;
                break;
            default:
                return std::nullopt;
        }
    }
    const std::int64_t value = std::stoll(text.substr(0, digits)) * unit;
    if (value <= 0) return std::nullopt;
    return value;
}

ConfigResult load_config(const Environment& env, const std::string& installed_template_dir) {
    Reader reader(env);
    Config config;
    read_secrets(reader, config);
    read_url(reader, "GITHUB_URL", config.github_url);
    read_url(reader, "GITHUB_API_URL", config.github_api_url);
    read_url(reader, "ORGGATE_PUBLIC_URL", config.public_url);
    // Placeholder until the public URL is validated as required (settings work in parallel).
    {
        const auto scheme_end = config.public_url.find("://");
        config.public_host = scheme_end == std::string::npos
                                 ? std::string()
                                 : config.public_url.substr(scheme_end + 3);
    }
    read_duration(reader, "ORGGATE_GITHUB_CONNECT_TIMEOUT", config.github_connect_timeout);
    read_duration(reader, "ORGGATE_GITHUB_TIMEOUT", config.github_timeout);
    config.session_dir = reader.get("ORGGATE_SESSION_DIR");
    read_duration(reader, "ORGGATE_SESSION_IDLE_TIMEOUT", config.session_limits.idle_timeout);
    read_duration(reader, "ORGGATE_SESSION_LIFETIME", config.session_limits.lifetime);
    read_duration(reader, "ORGGATE_SESSION_SWEEP_INTERVAL", config.session_sweep_interval);
    config.socket = reader.get("ORGGATE_SOCKET");
    if (config.socket.empty()) config.socket = inherited_socket(env);
    read_threads(reader, config.threads);
    config.template_dir = reader.get("ORGGATE_TEMPLATE_DIR");
    if (config.template_dir.empty()) config.template_dir = installed_template_dir;
    if (!reader.problems.empty()) return {std::nullopt, std::move(reader.problems)};
    return {std::move(config), {}};
}

std::string installed_template_dir() {
    std::error_code error;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return "share/orggate/templates";
    return (program.parent_path().parent_path() / "share" / "orggate" / "templates").string();
}

std::string describe_variables() {
    std::ostringstream out;
    for (const Variable& variable : kVariables) {
        out << "  " << variable.name << "\n      " << variable.help;
        if (variable.default_value == nullptr) {
            out << " (required)";
        } else if (*variable.default_value != '\0') {
            out << " (default: " << variable.default_value << ")";
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace orggate
