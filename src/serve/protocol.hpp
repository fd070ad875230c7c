// What the server needs of a wire protocol (FastCGI for pages, HTTP/1.1 for the gate check):
// bytes in, requests out, answers back to bytes. One object per connection, for its state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace orggate::serve {

class Protocol {
public:
    enum class Status {
        need_more,  // only part of a message is left: read more and call again
        request,    // a request is complete: take_request()
        reply,      // something must be sent back first (a FastCGI management record): take_reply()
        broken,     // not the protocol, or beyond its limits: send farewell(), then close
    };
    struct Step {
        Status status;
        std::size_t consumed;  // bytes used from the front of the input
    };
    // A request as the application sees it, and what its answer needs of the wire.
    struct Incoming {
        http::Request request;
        std::uint16_t id = 0;          // the FastCGI request id; 0 elsewhere
        bool keep_connection = false;  // whether the peer keeps the connection after the answer
        bool body_too_large = false;   // answered 413 without asking the application
    };

    virtual ~Protocol() = default;

    // Reads from the front of `input`, stopping after a complete request or reply, or when
    // what is left is incomplete.
    virtual Step read(std::string_view input) = 0;
    virtual Incoming take_request() = 0;
    virtual std::string take_reply() = 0;
    // Why the input is broken, for the log; and the bytes to send before closing (may be empty).
    virtual const std::string& problem() const = 0;
    virtual std::string farewell() const = 0;
    // Whether a request has begun and not yet arrived whole.
    virtual bool mid_request() const = 0;
    // The bytes of `response` to the request with `id`; without its body for a HEAD request.
    virtual std::string encode(std::uint16_t id, const http::Response& response, bool with_body,
                               bool keep_connection) const = 0;
    // The log event for broken input ("fastcgi_error", "http_error").
    virtual const char* error_event() const = 0;
    // The read buffer a connection starts with: room for a typical request in one read (it
    // grows for bigger ones). Every kept connection holds one.
    virtual std::size_t first_buffer_bytes() const = 0;
};

using ProtocolFactory = std::function<std::unique_ptr<Protocol>()>;

}  // namespace orggate::serve
