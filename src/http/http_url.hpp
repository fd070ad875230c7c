// Absolute http(s) URLs from the settings: parsed into parts, checked, and put back together.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orggate::http {

struct HttpUrl {
    std::string scheme;  // "http" or "https", lower-case
    std::string host;    // lower-case; an IPv6 address keeps its brackets
    int port = 0;        // 0: the scheme's default port (also when written out as 80 or 443)
    std::string path;    // "" or "/..." without a trailing slash

    // host[:port] as a browser sends it in Host: the default port left out.
    std::string host_and_port() const;
    // scheme://host[:port], as in a Content-Security-Policy source or an Origin header.
    std::string origin() const;
};

// "http(s)://host[:port][/path]": a host of letters, digits, dots and hyphens, an IPv4 address
// or a bracketed IPv6 address; no user info, query or fragment; trailing slashes dropped.
// nullopt for anything else.
std::optional<HttpUrl> parse_http_url(std::string_view text);

// True for the loopback addresses: 127.0.0.0/8, [::1] and localhost.
bool is_loopback_host(std::string_view host);

}  // namespace orggate::http
