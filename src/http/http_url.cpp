// Parsing and writing out absolute http(s) URLs.
#include "http/http_url.hpp"

#include <algorithm>
#include <cctype>

namespace orggate::http {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool all_of(std::string_view text, int (*accept)(int)) {
    return std::all_of(text.begin(), text.end(),
                       [accept](unsigned char c) { return accept(c) != 0; });
}

int is_name_char(int c) {
    return std::isalnum(c) || c == '-' || c == '.';
}

int is_ipv6_char(int c) {
    return std::isxdigit(c) || c == ':' || c == '.';
}

// Labels of letters, digits and inner hyphens, separated by single dots.
bool is_host_name(std::string_view host) {
    if (host.empty() || host.size() > 253 || !all_of(host, is_name_char)) return false;
    std::size_t start = 0;
    while (start <= host.size()) {
        const std::size_t end = std::min(host.find('.', start), host.size());
        const std::string_view label = host.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        start = end + 1;
    }
    return true;
}

bool is_host(std::string_view host) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        const std::string_view inside = host.substr(1, host.size() - 2);
        return inside.find(':') != std::string_view::npos && all_of(inside, is_ipv6_char);
    }
    return is_host_name(host);
}

// "" or 1..65535 written as at most five digits; 0 stands for "none given".
std::optional<int> parse_port(std::string_view text) {
    if (text.empty() || text.size() > 5 || !all_of(text, ::isdigit)) return std::nullopt;
    const int port = std::stoi(std::string(text));
    if (port < 1 || port > 65535) return std::nullopt;
    return port;
}

// 0..255 in decimal, without leading zeros.
bool is_octet(std::string_view text) {
    if (text.empty() || text.size() > 3 || !all_of(text, ::isdigit)) return false;
    if (text.size() > 1 && text.front() == '0') return false;
    return std::stoi(std::string(text)) <= 255;
}

int default_port(std::string_view scheme) {
    return scheme == "https" ? 443 : 80;
}

// Splits "host[:port]", where an IPv6 host is bracketed.
bool split_authority(std::string_view authority, HttpUrl& url) {
    const std::size_t bracket = authority.rfind(']');
    const std::size_t colon = authority.rfind(':');
    const bool has_port =
        colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    url.host = lower(has_port ? authority.substr(0, colon) : authority);
    if (!is_host(url.host)) return false;
    if (!has_port) return true;
    const auto port = parse_port(authority.substr(colon + 1));
    if (!port) return false;
    url.port = *port == default_port(url.scheme) ? 0 : *port;
    return true;
}

}  // namespace

std::string HttpUrl::host_and_port() const {
    return port == 0 ? host : host + ":" + std::to_string(port);
}

std::string HttpUrl::origin() const {
    return scheme + "://" + host_and_port();
}

std::optional<HttpUrl> parse_http_url(std::string_view text) {
    HttpUrl url;
    const std::size_t separator = text.find("://");
    if (separator == std::string_view::npos) return std::nullopt;
    url.scheme = lower(text.substr(0, separator));
    if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
    std::string_view rest = text.substr(separator + 3);
    const std::size_t slash = std::min(rest.find('/'), rest.size());
    if (!split_authority(rest.substr(0, slash), url)) return std::nullopt;
    std::string_view path = rest.substr(slash);
    while (!path.empty() && path.back() == '/')
        path.remove_suffix(1);
    const bool clean = std::all_of(path.begin(), path.end(), [](unsigned char c) {
        return c > 0x20 && c < 0x7f && c != '?' && c != '#' && c != '\\';
    });
    if (!clean || path.find("//") != std::string_view::npos) return std::nullopt;
    url.path = std::string(path);
    return url;
}

bool is_loopback_host(std::string_view host) {
    if (host == "localhost" || host == "[::1]") return true;
    if (host.substr(0, 4) != "127.") return false;
    int octets = 0;
    std::size_t start = 0;
    while (start <= host.size()) {
        const std::size_t end = std::min(host.find('.', start), host.size());
        if (!is_octet(host.substr(start, end - start))) return false;
        ++octets;
        start = end + 1;
    }
    return octets == 4;
}

}  // namespace orggate::http
