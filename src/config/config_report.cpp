// Printing a Config without its secrets.
#include "config/config_report.hpp"

namespace orggate {
namespace {

std::string redacted(const std::string& secret) {
    return "(set, " + std::to_string(secret.size()) + " characters, not shown)";
}

std::string seconds(std::int64_t value) {
    return std::to_string(value) + "s";
}

void line(std::string& out, const char* name, const std::string& value) {
    out += "  " + std::string(name) + " = " + value + "\n";
}

}  // namespace

std::string describe_config(const Config& config) {
    std::string out = "Effective settings:\n";
    line(out, "GITHUB_CLIENT_ID", config.github_client_id);
    line(out, "GITHUB_CLIENT_SECRET", redacted(config.github_client_secret));
    line(out, "APP_SECRET_KEY", redacted(config.app_secret_key));
    line(out, "APP_SECRET_KEY_PREVIOUS",
         config.app_secret_key_previous.empty() ? "(not set)"
                                                : redacted(config.app_secret_key_previous));
    line(out, "GITHUB_ORG", config.github_org);
    line(out, "GITHUB_URL", config.github_url);
    line(out, "GITHUB_API_URL", config.github_api_url);
    line(out, "ORGGATE_GITHUB_CONNECT_TIMEOUT", seconds(config.github_connect_timeout));
    line(out, "ORGGATE_GITHUB_TIMEOUT", seconds(config.github_timeout));
    line(out, "ORGGATE_MAX_LOGINS", std::to_string(config.max_logins));
    line(out, "ORGGATE_PUBLIC_URL", config.public_url);
    line(out, "ORGGATE_SESSION_DIR", config.session_dir);
    line(out, "ORGGATE_SESSION_IDLE_TIMEOUT", seconds(config.session_limits.idle_timeout));
    line(out, "ORGGATE_SESSION_LIFETIME", seconds(config.session_limits.lifetime));
    line(out, "ORGGATE_SESSION_SWEEP_INTERVAL", seconds(config.session_sweep_interval));
    line(out, "ORGGATE_RECHECK_INTERVAL", seconds(config.recheck_interval));
    line(out, "ORGGATE_RECHECK_GRACE", seconds(config.recheck_grace));
    line(out, "ORGGATE_WEBHOOK_SECRET",
         config.webhook_secret.empty() ? "(not set)" : redacted(config.webhook_secret));
    line(out, "ORGGATE_SOCKET", config.socket);
    line(out, "ORGGATE_CHECK_SOCKET", config.check_socket.empty() ? "off" : config.check_socket);
    line(out, "ORGGATE_THREADS", std::to_string(config.threads));
    line(out, "ORGGATE_TEMPLATE_DIR", config.template_dir);
    return out;
}

}  // namespace orggate
