// orggate's settings: one immutable struct, read once from the environment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "session/session.hpp"

namespace orggate {

// Variable name -> value, as gathered from an env file, the process and flags.
using Environment = std::map<std::string, std::string>;

// The longest ORGGATE_GITHUB_TIMEOUT (seconds): the unit's TimeoutStopSec must cover a login
// that started just before a stop (scripts/systemd/orggate.service.in).
constexpr std::int64_t kMaxGitHubTimeout = 60;

struct Config {
    std::string github_client_id;
    std::string github_client_secret;
    std::string app_secret_key;
    // APP_SECRET_KEY_PREVIOUS, empty when unset: during a key rotation it still opens what the
    // old key sealed; nothing is sealed with it.
    std::string app_secret_key_previous;
    std::string github_org;
    std::string github_url;      // web host: authorize and token endpoints; no trailing slash
    std::string github_api_url;  // REST API root; no trailing slash
    std::string public_url;      // scheme://host[:port], lower-case, no default port, no path
    std::string public_host;     // host[:port] of public_url, as a browser sends it in Host
    std::int64_t github_connect_timeout = 5;  // seconds
    std::int64_t github_timeout = 10;         // seconds: one login callback's GitHub calls together
    int max_logins = 64;                      // logins whose GitHub calls may be in flight at once
    std::string session_dir;
    SessionLimits session_limits;
    std::int64_t session_sweep_interval = 300;  // seconds
    // Issue 10: how often each logged-in user's membership is asked of GitHub again, and how
    // long access outlives the last confirmation while GitHub cannot answer.
    std::int64_t recheck_interval = 300;  // seconds
    std::int64_t recheck_grace = 3600;    // seconds
    // ORGGATE_WEBHOOK_SECRET; empty: no webhook endpoint (POST /_orggate/webhook answers 404).
    std::string webhook_secret;
    std::string socket;  // a unix socket path, 127.x.x.x:PORT, or fd:N (inherited)
    // The gate check's HTTP/1.1 socket, in the same forms; empty: none.
    std::string check_socket;
    int threads = 16;
    bool log_requests = true;  // one event=request line per request
    std::string template_dir;
};

// The shortest ORGGATE_WEBHOOK_SECRET: a short one could be guessed from signed deliveries.
constexpr std::size_t kMinWebhookSecretBytes = 20;

struct ConfigResult {
    std::optional<Config> config;
    // Every problem found, each naming the variable and how to set it; empty when config is set.
    std::vector<std::string> problems;
};

// Validates everything at once; never stops at the first problem. `installed_template_dir`
// is where an installed orggate's templates are (see installed_template_dir()).
ConfigResult load_config(const Environment& env, const std::string& installed_template_dir);

// The keys a SealedBox opens with, the current one first (sealing uses it).
std::vector<std::string> app_secret_keys(const Config& config);

// PREFIX/share/orggate/templates for a program at PREFIX/sbin/orggate, found from
// /proc/self/exe: an installed tree works wherever it was installed, with no path compiled in.
std::string installed_template_dir();

// Parses "90", "90s", "15m", "8h", "7d" into seconds; nullopt if malformed or not positive.
std::optional<std::int64_t> parse_duration(const std::string& text);

// Every variable orggate reads, with its meaning and default, for --help.
std::string describe_variables();

}  // namespace orggate
