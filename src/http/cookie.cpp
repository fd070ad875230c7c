// Cookie header parsing (RFC 6265 section 5.4, lenient on spaces) and Set-Cookie building.
#include "http/cookie.hpp"

#include <string>

#include "http/text.hpp"

namespace orggate::http {
namespace {

// Calls `found(name, value)` for each name=value pair of a Cookie header until it returns false.
template <typename Found>
void for_each_cookie(std::string_view header, Found found) {
    while (!header.empty()) {
        const auto semicolon = header.find(';');
        const std::string_view pair = header.substr(0, semicolon);
        header =
            semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos) continue;
        std::string_view value = trim_spaces(pair.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        if (!found(trim_spaces(pair.substr(0, equals)), value)) return;
    }
}

bool has_control_character(std::string_view text) {
    for (const unsigned char c : text) {
        if ((c < 0x20 && c != '\t') || c == 0x7F) return true;
    }
    return false;
}

// The name as for_each_cookie reads it; a piece without "=" names no cookie.
std::string_view cookie_name(std::string_view piece) {
    const auto equals = piece.find('=');
    return equals == std::string_view::npos ? std::string_view()
                                            : trim_spaces(piece.substr(0, equals));
}

}  // namespace

std::string cookies_without_prefix(std::string_view header, std::string_view prefix) {
    std::string kept;
    while (!header.empty()) {
        const auto semicolon = header.find(';');
        const std::string_view piece = trim_spaces(header.substr(0, semicolon));
        header =
            semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
        if (piece.empty() || has_control_character(piece)) continue;
        const std::string_view name = cookie_name(piece);
        if (!name.empty() && name.substr(0, prefix.size()) == prefix) continue;
        if (!kept.empty()) kept += "; ";
        kept += piece;
    }
    return kept;
}

std::optional<std::string> find_cookie(std::string_view header, std::string_view name) {
    std::optional<std::string> match;
    for_each_cookie(header, [&](std::string_view key, std::string_view value) {
        if (key != name) return true;
        match = std::string(value);
        return false;
    });
    return match;
}

std::vector<std::pair<std::string, std::string>> find_cookies_with_prefix(std::string_view header,
                                                                          std::string_view prefix,
                                                                          std::size_t limit) {
    std::vector<std::pair<std::string, std::string>> found;
    for_each_cookie(header, [&](std::string_view key, std::string_view value) {
        if (key.substr(0, prefix.size()) == prefix) found.emplace_back(key, value);
        return found.size() < limit;
    });
    return found;
}

std::string set_cookie(std::string_view name, std::string_view value, CookieOptions options) {
    std::string out;
    out.append(name).append("=").append(options.expire ? "" : value);
    out.append("; Path=").append(options.path).append("; HttpOnly; SameSite=Lax");
    if (options.expire) {
        out += "; Max-Age=0";
    } else if (options.max_age >= 0) {
        out += "; Max-Age=" + std::to_string(options.max_age);
    }
    if (options.secure) out += "; Secure";
    return out;
}

}  // namespace orggate::http
