// HTTP/1.1 as a serve::Protocol, for the gate check alone: nginx's auth_request keeps an HTTP
// upstream connection after a body-less answer, where it closes a FastCGI one (it finalizes a
// header-only subrequest before reading FastCGI's end-request record). Keeping it saves both
// sides a connect and a close per protected request.
#pragma once

#include <optional>
#include <string>

#include "http1/request_head.hpp"
#include "serve/protocol.hpp"

namespace orggate::http1 {

class Http1Protocol final : public serve::Protocol {
public:
    Step read(std::string_view input) override;
    Incoming take_request() override;
    // HTTP has nothing to answer but requests.
    std::string take_reply() override { return {}; }
    const std::string& problem() const override { return problem_; }
    // A plain 400 that closes the connection.
    std::string farewell() const override;
    // Nothing is consumed before a head is whole, so no request is ever half taken.
    bool mid_request() const override { return false; }
    std::string encode(std::uint16_t id, const http::Response& response, bool with_body,
                       bool keep_connection) const override;
    const char* error_event() const override { return "http_error"; }
    // A check is a request line, a cookie and a request id: a few hundred bytes.
    std::size_t first_buffer_bytes() const override { return 2 * 1024; }

private:
    Incoming incoming_;
    std::string problem_;
};

// The http::Request of a head; nullopt when its path does not decode (a bad %-escape).
std::optional<http::Request> to_http_request(const RequestHead& head);
// The status line, the headers, Content-Length (none for 1xx, 204 and 304, which have no
// body) and Connection: close when the connection ends after this answer.
std::string encode_head(const http::Response& response, bool keep_connection);

}  // namespace orggate::http1
