// FastCGI as a serve::Protocol: the record reader, the params as an http::Request, and the
// answer as stdout and end-request records. nginx's pages and forms come this way.
#pragma once

#include "fcgi/request_reader.hpp"
#include "serve/protocol.hpp"

namespace orggate::fcgi {

class FastCgiProtocol final : public serve::Protocol {
public:
    FastCgiProtocol();

    Step read(std::string_view input) override;
    Incoming take_request() override;
    std::string take_reply() override { return reader_.take_reply(); }
    const std::string& problem() const override { return reader_.problem(); }
    // FastCGI has no way to refuse a broken stream but closing it.
    std::string farewell() const override { return {}; }
    bool mid_request() const override { return reader_.mid_request(); }
    std::string encode(std::uint16_t id, const http::Response& response, bool with_body,
                       bool keep_connection) const override;
    const char* error_event() const override { return "fastcgi_error"; }
    // A page request from nginx is one to two kilobytes of params; a logout form a little more.
    std::size_t first_buffer_bytes() const override { return 16 * 1024; }

private:
    RequestReader reader_;
};

}  // namespace orggate::fcgi
