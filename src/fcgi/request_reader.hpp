// The FastCGI protocol as orggate reads it (pure: bytes in, requests and replies out), after the
// FastCGI 1.0 specification: the responder role, one request at a time per connection (nginx
// never multiplexes), kept connections, and management records answered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fcgi/fcgi_request.hpp"

namespace orggate::fcgi {

class RequestReader {
public:
    struct Limits {
        std::size_t max_params_bytes;  // beyond it the stream is broken: nginx never sends that
        std::size_t max_body_bytes;    // beyond it the body is dropped and marked too large
    };
    enum class Status {
        need_more,  // only part of a record is left: read more and call again
        request,    // a request is complete: take_request()
        reply,      // a record must be sent back first: take_reply()
        broken,     // not FastCGI, or beyond the limits: close the connection (problem())
    };
    struct Step {
        Status status;
        std::size_t consumed;  // bytes used from the front of the input
    };

    explicit RequestReader(Limits limits);

    // Reads whole records from the front of `input`, stopping after one that completes a
    // request or calls for a reply, or when no whole record is left.
    Step read(std::string_view input);
    FcgiRequest take_request();
    std::string take_reply();
    const std::string& problem() const { return problem_; }
    // Whether a request has begun and not yet arrived whole.
    bool mid_request() const { return phase_ != Phase::between_requests; }

private:
    enum class Phase { between_requests, params, body };
    struct Record {
        unsigned char type;
        std::uint16_t id;
        std::string_view content;
    };

    Status on_record(const Record& record);
    Status on_management(const Record& record);
    Status on_begin(const Record& record);
    Status on_params(std::string_view content);
    Status on_body(std::string_view content);
    Status on_abort(const Record& record);
    Status fail(std::string why);

    Limits limits_;
    Phase phase_ = Phase::between_requests;
    FcgiRequest request_;
    std::string reply_;
    std::string problem_;
};

// FastCGI's name-value pairs (1- or 4-byte lengths) as spans into `bytes`; false if malformed.
bool decode_params(const std::string& bytes, FcgiRequest& into);

}  // namespace orggate::fcgi
