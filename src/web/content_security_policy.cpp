// Building the Content-Security-Policy from GITHUB_URL.
#include "web/content_security_policy.hpp"

#include <cctype>

#include "http/http_url.hpp"

namespace orggate::web {
namespace {

struct GitHubSources {
    std::string images;
    std::string forms;
};

// A host name (not an address) can have an avatars. subdomain.
bool has_subdomains(const http::HttpUrl& url) {
    const bool address =
        url.host.front() == '[' || std::isdigit(static_cast<unsigned char>(url.host.back())) != 0;
    return !address && url.host != "localhost";
}

GitHubSources github_sources(std::string_view github_url) {
    const auto url = http::parse_http_url(github_url);
    if (!url) return {};
    if (url->host == "github.com") {
        return {"https://avatars.githubusercontent.com", url->origin()};
    }
    // Enterprise Server serves avatars from avatars.HOST with subdomain isolation on, else
    // from HOST/avatars/.
    std::string images = url->origin();
    if (has_subdomains(*url)) images += " " + url->scheme + "://avatars." + url->host_and_port();
    return {images, url->origin()};
}

std::string with(std::string_view directive, const std::string& sources) {
    return std::string(directive) + " 'self'" + (sources.empty() ? "" : " " + sources);
}

}  // namespace

std::string content_security_policy(std::string_view github_url) {
    const GitHubSources github = github_sources(github_url);
    return "default-src 'none'; style-src 'self'; " + with("img-src", github.images) + "; " +
           with("form-action", github.forms) + "; base-uri 'none'; frame-ancestors 'none'";
}

}  // namespace orggate::web
