// orggate's entry point: wiring only — settings, adapters, app, server, signals.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "check_config.hpp"
#include "cli/sessions_command.hpp"
#include "config/command_line.hpp"
#include "config/env_file.hpp"
#include "crypto/random.hpp"
#include "crypto/sealed_box.hpp"
#include "fcgi/fastcgi_protocol.hpp"
#include "github/curl_http_client.hpp"
#include "github/github_client.hpp"
#include "github/metered_http_client.hpp"
#include "http1/http1_protocol.hpp"
#include "lane/bounded_lane.hpp"
#include "log/line_writer.hpp"
#include "log/log_line.hpp"
#include "metrics/metrics.hpp"
#include "recheck/rechecker.hpp"
#include "serve/listen_socket.hpp"
#include "serve/server.hpp"
#include "session/file_session_store.hpp"
#include "session/session_sweeper.hpp"
#include "web/app.hpp"
#include "web/pending_login.hpp"
#include "web/sealed_token.hpp"
#include "web/spent_states.hpp"
#include "web/views.hpp"

namespace {

using namespace orggate;

constexpr int kExitBadSettings = 2;
// Used OAuth states remembered at once (about 2 MB at most): 80 logins a second for ten
// minutes, far beyond any organization's real rate.
constexpr std::size_t kMaxSpentStates = 50'000;

// One write per line and no stdio lock: lines from many threads never interleave, and
// never wait for each other.
void log_line(const std::string& line) {
    write_line(STDERR_FILENO, line);
}

int report_problems(const std::vector<std::string>& problems) {
    std::string text = "orggate: cannot start, the settings need attention:\n";
    for (const std::string& problem : problems)
        text += "  - " + problem + "\n";
    text += "Set them in the environment or in the file given with --env-file (see --help).";
    log_line(text);
    return kExitBadSettings;
}

// Blocks the signals orggate handles in every thread (before any thread starts), so only the
// main thread's sigwait sees them.
sigset_t block_handled_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    sigaddset(&signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    // A browser that goes away mid-response must not kill the process.
    signal(SIGPIPE, SIG_IGN);
    return signals;
}

// SIGTERM and SIGINT stop orggate. SIGHUP and SIGUSR1, the usual "reopen your logs" or
// "reload" habits, have nothing to act on (logs go to stderr, settings and templates are read
// once at start): logged and ignored, so a stray `kill -HUP` never takes the site down.
int wait_for_stop(const sigset_t& signals) {
    for (;;) {
        int received = 0;
        if (sigwait(&signals, &received) != 0) continue;
        if (received == SIGTERM || received == SIGINT) return received;
        log_line(LogLine("signal")
                     .add("signal", strsignal(received))
                     .add("action", "ignored; restart orggate to apply new settings")
                     .text());
    }
}

github::CurlSettings curl_settings(const orggate::Config& config) {
    github::CurlSettings settings;
    settings.connect_timeout = std::chrono::seconds(config.github_connect_timeout);
    settings.total_timeout = std::chrono::seconds(config.github_timeout);
    settings.user_agent = std::string("orggate/") + ORGGATE_VERSION;
    return settings;
}

// The gate check's own socket (HTTP/1.1, so that nginx keeps its connections; see
// http1/http1_protocol.hpp), served by threads of its own: a check only reads a session file,
// never waits on GitHub, so nothing goes to the lane. The checks that admit are not in the
// request log: the protected request they let through is in nginx's access log (nginx logs no
// subrequest either), and a line per check would double the log of a protected site; every
// refusal (401, 403) and error is logged. Null when there is no check socket.
std::unique_ptr<serve::Server> check_server_for(const orggate::Config& config, const web::App& app,
                                                lane::Lane& lane,
                                                const serve::Server::Log& request_log) {
    if (config.check_socket.empty()) return nullptr;
    const auto never = [](const http::Request&) { return false; };
    const auto check = [&app](const http::Request& r) { return app.handle_check(r); };
    return std::make_unique<serve::Server>(
        serve::open_listen_socket(config.check_socket),
        [] { return std::make_unique<http1::Http1Protocol>(); }, config.threads,
        serve::Server::Routing{check, never, check,
                               [](const http::Response& r) { return r.status < 300; }},
        lane, log_line, request_log);
}

int run_service(const orggate::Config& config, const sigset_t& signals) {
    const web::Views views(config.template_dir);
    const SystemClock clock;
    crypto::OpenSslTokenSource tokens;
    // Current key first; APP_SECRET_KEY_PREVIOUS, when set, still opens what it sealed.
    const std::vector<std::string> keys = app_secret_keys(config);
    const crypto::SealedBox token_box(keys, "orggate github token v1");
    // Every session the store writes (re-teamed, ended...) moves its token to the current key.
    FileSessionStore store(config.session_dir, config.session_limits, clock,
                           [&token_box](Session& saved) { web::reseal_token(saved, token_box); });
    Metrics metrics;
    SessionSweeper sweeper(
        store, std::chrono::seconds(config.session_sweep_interval), log_line,
        [&metrics](const SweepStats& stats) { metrics.set_live_sessions(stats.kept); });
    const github::CurlHttpClient::GlobalInit curl_init;
    github::CurlHttpClient curl(curl_settings(config));
    github::MeteredHttpClient http(curl, metrics);
    const github::GitHubClient github(http, {config.github_url, config.github_api_url,
                                             config.github_client_id, config.github_client_secret});
    const crypto::SealedBox login_box(keys, "orggate login cookie v1");
    const crypto::SealedBox flash_box(keys, "orggate flash cookie v1");
    const recheck::RecheckServices recheck_services{
        store,
        github,
        [&token_box](const Session& session) { return web::open_sealed_token(session, token_box); },
        metrics,
        log_line,
        config.github_org,
        {config.recheck_interval, config.recheck_grace},
        std::chrono::seconds(config.github_timeout)};
    recheck::Rechecker rechecker(recheck_services, clock);
    web::SpentStates spent_states(kMaxSpentStates, web::kPendingLoginLifetime);
    // Declared before the app's users and stopped explicitly: its tasks use the app.
    lane::BoundedLane github_lane(static_cast<std::size_t>(config.max_logins), log_line);
    gate::RuleWarnings rule_warnings;
    const web::App app({config, store, tokens, views, clock, github, token_box, login_box,
                        flash_box, spent_states, github_lane, metrics, log_line, rule_warnings,
                        [&rechecker](const IndexedUser& user) { rechecker.check_soon(user); }});

    const serve::Server::Log request_log = config.log_requests ? log_line : nullptr;
    const int listen_fd = serve::open_listen_socket(config.socket);
    serve::Server server(
        listen_fd, [] { return std::make_unique<fcgi::FastCgiProtocol>(); }, config.threads,
        {[&app](const http::Request& r) { return app.handle(r); },
         [&app](const http::Request& r) { return app.calls_github(r); },
         [&app](const http::Request& r) { return app.busy(r); }},
        github_lane, log_line, request_log);
    std::unique_ptr<serve::Server> check_server =
        check_server_for(config, app, github_lane, request_log);
    server.start();
    if (check_server) check_server->start();
    log_line(LogLine("start")
                 .add("version", ORGGATE_VERSION)
                 .add("socket", config.socket)
                 .add("check_socket", config.check_socket.empty() ? "off" : config.check_socket)
                 .add("threads", config.threads)
                 .text());

    const int received = wait_for_stop(signals);
    log_line(LogLine("stopping").add("signal", strsignal(received)).text());
    if (check_server) check_server->stop();
    server.stop();
    github_lane.stop();  // logins in flight finish, within their deadline
    rechecker.stop();    // a re-check in flight finishes, within its deadline
    sweeper.stop();
    serve::remove_listen_socket(config.socket);
    if (!config.check_socket.empty()) serve::remove_listen_socket(config.check_socket);
    log_line(LogLine("stopped").text());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace orggate;
    // A command of its own, run before the service's signal set-up so that Ctrl-C stops it.
    if (argc > 1 && std::string(argv[1]) == "sessions") {
        return cli::run_sessions_command({argv + 2, argv + argc}, installed_template_dir(),
                                         std::cout, log_line);
    }
    const sigset_t signals = block_handled_signals();
    const CommandLine command_line = parse_command_line({argv + 1, argv + argc});
    if (command_line.help) {
        std::cout << usage_text();
        return 0;
    }
    if (command_line.version) {
        std::cout << "orggate " << ORGGATE_VERSION << "\n";
        return 0;
    }
    if (!command_line.problems.empty()) return report_problems(command_line.problems);

    EnvFileResult file;
    if (!command_line.env_file.empty()) file = read_env_file(command_line.env_file);
    if (!file.problems.empty()) return report_problems(file.problems);
    const ConfigResult result =
        load_config(merge_settings(file.values, process_environment(), command_line.overrides),
                    installed_template_dir());
    if (!result.config) return report_problems(result.problems);
    if (command_line.check_config) {
        return check_config(*result.config, command_line.online, curl_settings(*result.config));
    }

    try {
        return run_service(*result.config, signals);
    } catch (const std::exception& error) {
        log_line(LogLine("error").add("msg", error.what()).text());
        return 1;
    }
}
