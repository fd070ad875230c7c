// An HTTP/1.x request head (RFC 9112) as orggate's check socket reads it (pure: bytes in, head
// out). nginx is the only client: it sends origin-form targets, CRLF line ends and no body to
// the check, and anything else is refused rather than guessed at.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orggate::http1 {

struct RequestHead {
    std::string method;
    std::string target;     // origin-form, as sent: "/path?query"
    int minor_version = 1;  // HTTP/1.<minor_version>
    // In order, names in lower case, values without surrounding whitespace.
    std::vector<std::pair<std::string, std::string>> headers;

    // Every value of header `lowercase_name`.
    std::vector<std::string_view> values(std::string_view lowercase_name) const;
    // Whether the peer may send another request on the connection after this one.
    bool keeps_connection() const;
};

struct HeadLimits {
    std::size_t max_bytes = 32 * 1024;  // the whole head, request line to the blank line
    std::size_t max_headers = 100;
};

enum class HeadStatus {
    need_more,  // the blank line has not arrived yet: nothing is consumed
    complete,   // `head` is filled and `consumed` covers it
    broken,     // malformed, too big or with a body: `problem` says why
};

struct HeadStep {
    HeadStatus status;
    std::size_t consumed;
};

// Reads one request head from the front of `input`. A request with a body (Content-Length other
// than 0, or any Transfer-Encoding) is broken: nothing orggate serves this way takes one, and
// reading past an unread body would take its bytes for the next request.
HeadStep read_request_head(std::string_view input, const HeadLimits& limits, RequestHead& head,
                           std::string& problem);

}  // namespace orggate::http1
