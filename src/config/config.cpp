// Turns an Environment into a validated Config, collecting every problem.
#include "config/config.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "http/http_url.hpp"

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
    {"APP_SECRET_KEY_PREVIOUS", "",
     "while rotating APP_SECRET_KEY: the old key, which still opens what it sealed (sessions "
     "are re-sealed under the new key as they are used); remove it after the idle timeout (see "
     "docs/DEPLOY.md)"},
    {"GITHUB_ORG", nullptr, "the GitHub organization whose members may log in"},
    {"GITHUB_URL", "https://github.com",
     "GitHub web URL, https (plain http only on a loopback address); GitHub Enterprise Server: "
     "https://HOST"},
    {"GITHUB_API_URL", "https://api.github.com",
     "GitHub REST API URL, https (plain http only on a loopback address); GitHub Enterprise "
     "Server: https://HOST/api/v3"},
    {"ORGGATE_GITHUB_CONNECT_TIMEOUT", "5s",
     "how long to wait for a connection to GitHub (at most 60s)"},
    {"ORGGATE_GITHUB_TIMEOUT", "10s",
     "the deadline of one login callback: all its calls to GitHub together (at most 60s)"},
    {"ORGGATE_MAX_LOGINS", "64",
     "logins whose GitHub calls may be in flight at once (1-1024); past that a callback is "
     "told to try again in a moment"},
    {"ORGGATE_PUBLIC_URL", nullptr,
     "the site's public address, scheme and host only, such as https://gate.example.org: the "
     "OAuth callback URL is built from it, never from the request"},
    {"ORGGATE_REQUEST_LOG", "on",
     "on: one event=request line per request on stderr (a gate check only when it refuses); "
     "off: none (for sites that rely on "
     "nginx's access log); every other line stays"},
    {"ORGGATE_SESSION_DIR", "/var/lib/orggate/sessions", "folder of the session files"},
    {"ORGGATE_SESSION_IDLE_TIMEOUT", "24h",
     "a session ends after this long unused (s/m/h/d; at least 60s)"},
    {"ORGGATE_SESSION_LIFETIME", "7d", "a session ends this long after login at the latest"},
    {"ORGGATE_SESSION_SWEEP_INTERVAL", "5m", "how often expired session files are removed"},
    {"ORGGATE_RECHECK_INTERVAL", "5m",
     "how often each logged-in user's org membership (and teams) is asked of GitHub again, with "
     "the user's own token; a removed member loses access within about this long (see "
     "docs/MEMBERSHIP.md)"},
    {"ORGGATE_RECHECK_GRACE", "1h",
     "while GitHub cannot be reached or answers 5xx, access continues this long after the last "
     "successful check, then ends; a grace shorter than the interval makes the checks that often"},
    {"ORGGATE_WEBHOOK_SECRET", "",
     "the secret of the organization's webhook (at least 20 characters, e.g. `openssl rand -hex "
     "32`): POST /_orggate/webhook then ends a removed member's sessions at once; empty: no "
     "webhook endpoint"},
    {"ORGGATE_CHECK_SOCKET", "",
     "where the gate check listens (HTTP/1.1, for nginx's auth_request): a unix socket path "
     "or 127.0.0.1:PORT, or off; empty: check.sock beside a unix ORGGATE_SOCKET, the second "
     "socket from systemd, otherwise off (the check is then answered over FastCGI only)"},
    {"ORGGATE_SOCKET", "",
     "unix socket path (with a /) or 127.0.0.1:PORT (loopback only); empty: the socket on fd 0 "
     "(spawn-fcgi) or from systemd socket activation"},
    {"ORGGATE_THREADS", "4",
     "worker threads (1-256); each serves one request at a time (GitHub calls wait elsewhere)"},
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

// GitHub logins and org names: letters, digits and single inner hyphens, at most 39.
bool is_github_name(const std::string& name) {
    if (name.empty() || name.size() > 39 || name.front() == '-' || name.back() == '-') return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

// GitHub's addresses: https, except the stand-in on a loopback address (tests, make demo).
void read_github_url(Reader& reader, const char* name, std::string& out) {
    const auto url = http::parse_http_url(reader.get(name));
    if (!url) return reader.bad(name, "must be an https:// URL such as https://github.example.com");
    if (url->scheme != "https" && !http::is_loopback_host(url->host)) {
        return reader.bad(name,
                          "must be an https:// URL: the client secret and the users' tokens travel "
                          "over it (plain http is allowed only for a loopback address)");
    }
    out = url->origin() + url->path;
}

void read_public_url(Reader& reader, Config& config) {
    const char* name = "ORGGATE_PUBLIC_URL";
    const std::string text = reader.get(name);
    if (text.empty()) return;
    const auto url = http::parse_http_url(text);
    if (!url || !url->path.empty()) {
        return reader.bad(name,
                          "must be the site's scheme and host, with a port if not the default, "
                          "and nothing else: e.g. https://gate.example.org");
    }
    config.public_url = url->origin();
    config.public_host = url->host_and_port();
}

void read_duration(Reader& reader, const char* name, std::int64_t& out) {
    auto seconds = parse_duration(reader.get(name));
    if (!seconds) return reader.bad(name, "must be a positive duration such as 90s, 30m, 8h or 7d");
    out = *seconds;
}

void read_webhook_secret(Reader& reader, std::string& out) {
    out = reader.get("ORGGATE_WEBHOOK_SECRET");
    if (!out.empty() && out.size() < kMinWebhookSecretBytes) {
        reader.bad("ORGGATE_WEBHOOK_SECRET",
                   "is too short: use at least " + std::to_string(kMinWebhookSecretBytes) +
                       " random characters, e.g. `openssl rand -hex 32`, in GitHub's webhook "
                       "settings and here");
    }
}

void read_github_timeout(Reader& reader, const char* name, std::int64_t& out) {
    read_duration(reader, name, out);
    if (out > kMaxGitHubTimeout) {
        reader.bad(name, "must be at most " + std::to_string(kMaxGitHubTimeout) +
                             "s: a stop waits for the logins in flight");
    }
}

void read_idle_timeout(Reader& reader, std::int64_t& out) {
    const char* name = "ORGGATE_SESSION_IDLE_TIMEOUT";
    read_duration(reader, name, out);
    if (out < kKeepAliveRefreshInterval) {
        reader.bad(name, "must be at least " + std::to_string(kKeepAliveRefreshInterval) +
                             "s: a session in use records its activity only that often");
    }
}

void read_switch(Reader& reader, const char* name, bool& out) {
    const std::string text = reader.get(name);
    if (text != "on" && text != "off") return reader.bad(name, "must be on or off");
    out = text == "on";
}

void read_number(Reader& reader, const char* name, int low, int high, int& out) {
    const std::string text = reader.get(name);
    const bool digits =
        !text.empty() && text.size() <= 4 && std::all_of(text.begin(), text.end(), ::isdigit);
    const int value = digits ? std::stoi(text) : 0;
    if (value < low || value > high) {
        return reader.bad(
            name, "must be a number from " + std::to_string(low) + " to " + std::to_string(high));
    }
    out = value;
}

void read_secret_key(Reader& reader, const char* name, std::string& out) {
    out = reader.get(name);
    if (!out.empty() && out.size() < kMinSecretKeyBytes) {
        reader.bad(name,
                   "is too short: use at least 32 random bytes, e.g. `openssl rand -base64 48`");
    }
}

void read_secret_keys(Reader& reader, Config& config) {
    read_secret_key(reader, "APP_SECRET_KEY", config.app_secret_key);
    read_secret_key(reader, "APP_SECRET_KEY_PREVIOUS", config.app_secret_key_previous);
    // The same key twice is a rotation step done wrong: the old key would be lost for good.
    if (!config.app_secret_key.empty() && config.app_secret_key == config.app_secret_key_previous) {
        reader.bad("APP_SECRET_KEY_PREVIOUS",
                   "is the same as APP_SECRET_KEY: set APP_SECRET_KEY to a new key and "
                   "APP_SECRET_KEY_PREVIOUS to the old one (see docs/DEPLOY.md)");
    }
}

void read_secrets(Reader& reader, Config& config) {
    config.github_client_id = reader.get("GITHUB_CLIENT_ID");
    config.github_client_secret = reader.get("GITHUB_CLIENT_SECRET");
    read_secret_keys(reader, config);
    config.github_org = reader.get("GITHUB_ORG");
    if (!config.github_org.empty() && !is_github_name(config.github_org)) {
        reader.bad("GITHUB_ORG", "must be a GitHub organization name (letters, digits, hyphens)");
    }
}

// How many sockets systemd socket activation passed this process (sd_listen_fds): 0 if none.
int systemd_sockets(const Environment& env) {
    const auto fds = env.find("LISTEN_FDS");
    const auto pid = env.find("LISTEN_PID");
    if (fds == env.end() || pid == env.end() || pid->second != std::to_string(getpid())) return 0;
    return fds->second == "1" ? 1 : fds->second == "2" ? 2 : 0;
}

// systemd socket activation passes fd 3 (and the check socket as fd 4); spawn-fcgi passes fd 0.
std::string inherited_socket(const Environment& env) {
    return systemd_sockets(env) > 0 ? "fd:3" : "fd:0";
}

bool is_loopback_address(const std::string& address) {
    const std::size_t colon = address.rfind(':');
    const auto url = http::parse_http_url("http://" + address);
    const bool tcp = colon != std::string::npos && colon + 1 < address.size() && url &&
                     url->path.empty() && url->host == address.substr(0, colon);
    return tcp && url->host.rfind("127.", 0) == 0 && http::is_loopback_host(url->host);
}

// FastCGI has no authentication: whoever reaches the socket can forge what nginx vouches for
// (HTTPS, REQUEST_ID, the client address), so TCP is for the loopback interface only.
void read_socket(Reader& reader, const Environment& env, std::string& out) {
    out = reader.get("ORGGATE_SOCKET");
    if (out.empty()) out = inherited_socket(env);
    if (out.find('/') != std::string::npos || out.rfind("fd:", 0) == 0) return;
    if (!is_loopback_address(out)) {
        reader.bad("ORGGATE_SOCKET",
                   "must be a unix socket path (with a /) or a loopback address such as "
                   "127.0.0.1:9000: anyone who reaches a FastCGI socket can pose as nginx");
    }
}

// The check answers who is signed in to whoever asks with a cookie: local only, like the
// FastCGI socket. Empty out: no check socket.
void read_check_socket(Reader& reader, const Environment& env, const std::string& socket,
                       std::string& out) {
    out = reader.get("ORGGATE_CHECK_SOCKET");
    if (out == "off") {
        out.clear();
        return;
    }
    if (out.empty()) {
        if (systemd_sockets(env) == 2) {
            out = "fd:4";
        } else if (socket.find('/') != std::string::npos) {
            out = (std::filesystem::path(socket).parent_path() / "check.sock").string();
        }
        return;
    }
    if (out == socket) {
        reader.bad("ORGGATE_CHECK_SOCKET", "must differ from ORGGATE_SOCKET");
    } else if (out.find('/') == std::string::npos && out.rfind("fd:", 0) != 0 &&
               !is_loopback_address(out)) {
        reader.bad("ORGGATE_CHECK_SOCKET",
                   "must be a unix socket path (with a /), a loopback address such as "
                   "127.0.0.1:9001, or off");
    }
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
    read_github_url(reader, "GITHUB_URL", config.github_url);
    read_github_url(reader, "GITHUB_API_URL", config.github_api_url);
    read_public_url(reader, config);
    read_github_timeout(reader, "ORGGATE_GITHUB_CONNECT_TIMEOUT", config.github_connect_timeout);
    read_github_timeout(reader, "ORGGATE_GITHUB_TIMEOUT", config.github_timeout);
    read_number(reader, "ORGGATE_MAX_LOGINS", 1, 1024, config.max_logins);
    config.session_dir = reader.get("ORGGATE_SESSION_DIR");
    read_idle_timeout(reader, config.session_limits.idle_timeout);
    read_duration(reader, "ORGGATE_SESSION_LIFETIME", config.session_limits.lifetime);
    read_duration(reader, "ORGGATE_SESSION_SWEEP_INTERVAL", config.session_sweep_interval);
    read_duration(reader, "ORGGATE_RECHECK_INTERVAL", config.recheck_interval);
    read_duration(reader, "ORGGATE_RECHECK_GRACE", config.recheck_grace);
    read_webhook_secret(reader, config.webhook_secret);
    read_socket(reader, env, config.socket);
    read_check_socket(reader, env, config.socket, config.check_socket);
    read_number(reader, "ORGGATE_THREADS", 1, 256, config.threads);
    read_switch(reader, "ORGGATE_REQUEST_LOG", config.log_requests);
    config.template_dir = reader.get("ORGGATE_TEMPLATE_DIR");
    if (config.template_dir.empty()) config.template_dir = installed_template_dir;
    if (!reader.problems.empty()) return {std::nullopt, std::move(reader.problems)};
    return {std::move(config), {}};
}

std::vector<std::string> app_secret_keys(const Config& config) {
    std::vector<std::string> keys{config.app_secret_key};
    if (!config.app_secret_key_previous.empty()) keys.push_back(config.app_secret_key_previous);
    return keys;
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
