// The request-line and header-field grammar of RFC 9112, strictly: no bare LF, no obs-fold, no
// whitespace before a colon, tokens only where tokens belong; in values, what nginx forwards.
#include "http1/request_head.hpp"

#include <cctype>

#include "http/text.hpp"

namespace orggate::http1 {
namespace {

constexpr std::string_view kCrlf = "\r\n";

// RFC 9110 tchar.
bool is_token_char(unsigned char c) {
    if (std::isalnum(c)) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        if (!is_token_char(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// A field value: anything but CR, LF and NUL, which is all nginx's parser refuses. A stricter
// rule would refuse what nginx forwards as it came (a control byte in a Cookie), failing the
// check for a visitor nginx let through.
bool is_field_value(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Visible ASCII only: a target is percent-encoded by whoever sent it.
bool is_target(std::string_view text) {
    if (text.empty() || text.front() != '/') return false;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) return false;
    }
    return true;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool has_token(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        if (http::equals_ignoring_case(http::trim_spaces(list.substr(0, comma)), token))
            return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

bool parse_request_line(std::string_view line, RequestHead& head, std::string& problem) {
    const std::size_t first = line.find(' ');
    const std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos) {
        problem = "the request line is not METHOD TARGET VERSION";
        return false;
    }
    const std::string_view method = line.substr(0, first);
    const std::string_view target = line.substr(first + 1, second - first - 1);
    const std::string_view version = line.substr(second + 1);
    if (!is_token(method)) {
        problem = "the method is not a token";
        return false;
    }
    if (!is_target(target)) {
        problem = "the target is not a path";
        return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        problem = "the version is not HTTP/1.0 or HTTP/1.1";
        return false;
    }
    head.method = std::string(method);
    head.target = std::string(target);
    head.minor_version = version.back() - '0';
    return true;
}

bool parse_header_line(std::string_view line, RequestHead& head, std::string& problem) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
        // Also a folded line (leading whitespace) and whitespace before the colon.
        problem = "a header line is not NAME: VALUE";
        return false;
    }
    const std::string_view value = http::trim_spaces(line.substr(colon + 1));
    if (!is_field_value(value)) {
        problem = "a header value has a CR, LF or NUL";
        return false;
    }
    head.headers.emplace_back(lower(line.substr(0, colon)), std::string(value));
    return true;
}

// A body would follow the head on this connection; the check reads none.
bool announces_body(const RequestHead& head) {
    if (!head.values("transfer-encoding").empty()) return true;
    for (const std::string_view length : head.values("content-length")) {
        if (length != "0") return true;
    }
    return false;
}

HeadStep broken() {
    return HeadStep{HeadStatus::broken, 0};
}

}  // namespace

std::vector<std::string_view> RequestHead::values(std::string_view lowercase_name) const {
    std::vector<std::string_view> found;
    for (const auto& [name, value] : headers) {
        if (name == lowercase_name) found.emplace_back(value);
    }
    return found;
}

bool RequestHead::keeps_connection() const {
    bool close = false;
    bool keep_alive = false;
    for (const std::string_view value : values("connection")) {
        close = close || has_token(value, "close");
        keep_alive = keep_alive || has_token(value, "keep-alive");
    }
    if (close) return false;
    return minor_version >= 1 || keep_alive;
}

HeadStep read_request_head(std::string_view input, const HeadLimits& limits, RequestHead& head,
                           std::string& problem) {
    const std::size_t end = input.find("\r\n\r\n");
    if (end == std::string_view::npos || end + 4 > limits.max_bytes) {
        if (input.size() < limits.max_bytes) return HeadStep{HeadStatus::need_more, 0};
        problem = "the request head is larger than " + std::to_string(limits.max_bytes) + " bytes";
        return broken();
    }
    std::string_view rest = input.substr(0, end + 2);
    head = RequestHead{};
    bool first = true;
    while (!rest.empty()) {
        const std::size_t eol = rest.find(kCrlf);
        const std::string_view line = rest.substr(0, eol);
        if (line.find('\n') != std::string_view::npos) {
            problem = "a line ends without CR";
            return broken();
        }
        rest.remove_prefix(eol + kCrlf.size());
        const bool parsed = first ? parse_request_line(line, head, problem)
                                  : parse_header_line(line, head, problem);
        if (!parsed) return broken();
        if (head.headers.size() > limits.max_headers) {
            problem = "more than " + std::to_string(limits.max_headers) + " headers";
            return broken();
        }
        first = false;
    }
    if (announces_body(head)) {
        problem = "the request has a body, and nothing here reads one";
        return broken();
    }
    return HeadStep{HeadStatus::complete, end + 4};
}

}  // namespace orggate::http1
