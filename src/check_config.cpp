// `orggate check-config [--online]`: everything serving would need, checked without serving.
#include "check_config.hpp"

#include <filesystem>
#include <iostream>

#include "config/config_report.hpp"
#include "github/online_check.hpp"
#include "session/file_session_store.hpp"
#include "web/views.hpp"

namespace orggate {
namespace {

void report_check(bool passed, const std::string& what, const std::string& detail,
                  bool& all_passed) {
    std::cout << (passed ? "PASS " : "FAIL ") << what << (detail.empty() ? "" : ": " + detail)
              << "\n";
    all_passed = all_passed && passed;
}

void check_templates(const Config& config, bool& passed) {
    const std::string what = "templates load from " + config.template_dir;
    try {
        const web::Views views(config.template_dir);
        report_check(true, what, "", passed);
    } catch (const std::exception& error) {
        report_check(false, what, error.what(), passed);
    }
}

void check_session_folder(const Config& config, bool& passed) {
    const std::string what = "session folder " + config.session_dir + " takes writes";
    if (!std::filesystem::exists(config.session_dir)) {
        // Not made here: run by hand as root, it would take the folder from the service.
        report_check(true, what, "does not exist yet; orggate creates it when it starts", passed);
        return;
    }
    try {
        const SystemClock clock;
        FileSessionStore store(config.session_dir, config.session_limits, clock);
        const auto problem = store.health_problem();
        report_check(!problem, what, problem.value_or(""), passed);
    } catch (const std::exception& error) {
        report_check(false, what, error.what(), passed);
    }
}

void check_github(const Config& config, const github::CurlSettings& curl, bool& passed) {
    const github::CurlHttpClient::GlobalInit curl_init;
    github::CurlHttpClient http(curl);
    const github::GitHubSettings settings{config.github_url, config.github_api_url,
                                          config.github_client_id, config.github_client_secret};
    for (const auto& check : github::check_github_online(http, settings)) {
        report_check(check.passed, check.what, check.detail, passed);
    }
}

}  // namespace

int check_config(const Config& config, bool online, const github::CurlSettings& curl) {
    std::cout << describe_config(config) << "\n";
    bool passed = true;
    check_templates(config, passed);
    check_session_folder(config, passed);
    if (online) check_github(config, curl, passed);
    std::cout << (passed ? "check-config: all good\n" : "check-config: problems found\n");
    return passed ? 0 : 1;
}

}  // namespace orggate
