// Reading FastCGI records into requests: framing, the request's phases, management records.
#include "fcgi/request_reader.hpp"

#include <fastcgi.h>

#include <utility>

#include "fcgi/record_writer.hpp"

namespace orggate::fcgi {
namespace {

unsigned byte_at(std::string_view bytes, std::size_t at) {
    return static_cast<unsigned char>(bytes[at]);
}

std::uint16_t two_bytes(std::string_view bytes, std::size_t at) {
    return static_cast<std::uint16_t>(byte_at(bytes, at) << 8 | byte_at(bytes, at + 1));
}

// A name's or value's length: one byte below 128, else four with the top bit set.
bool read_length(const std::string& bytes, std::size_t& at, std::uint32_t& length) {
    if (at >= bytes.size()) return false;
    if (byte_at(bytes, at) < 0x80) {
        length = byte_at(bytes, at++);
        return true;
    }
    if (bytes.size() - at < 4) return false;
    length = (byte_at(bytes, at) & 0x7fu) << 24 | byte_at(bytes, at + 1) << 16 |
             byte_at(bytes, at + 2) << 8 | byte_at(bytes, at + 3);
    at += 4;
    return true;
}

// The variables a web server may ask for with FCGI_GET_VALUES, and orggate's answers.
std::string get_values_result(const std::string& asked) {
    FcgiRequest names;
    std::string answer;
    if (!decode_params(asked, names)) return answer;
    for (const auto& [name, value] : names.params) {
        const std::string_view key = std::string_view(asked).substr(name.offset, name.length);
        // One request at a time per connection; no fixed limit on connections to announce.
        if (key == FCGI_MPXS_CONNS) append_name_value(answer, key, "0");
    }
    return answer;
}

}  // namespace

bool decode_params(const std::string& bytes, FcgiRequest& into) {
    std::size_t at = 0;
    while (at < bytes.size()) {
        std::uint32_t name = 0;
        std::uint32_t value = 0;
        if (!read_length(bytes, at, name) || !read_length(bytes, at, value)) return false;
        if (name > bytes.size() - at || value > bytes.size() - at - name) return false;
        const auto offset = static_cast<std::uint32_t>(at);
        into.params.push_back({{offset, name}, {offset + name, value}});
        at += std::size_t{name} + value;
    }
    return true;
}

RequestReader::RequestReader(Limits limits) : limits_(limits) {}

RequestReader::Step RequestReader::read(std::string_view input) {
    std::size_t used = 0;
    for (;;) {
        const std::string_view rest = input.substr(used);
        if (rest.size() < FCGI_HEADER_LEN) return {Status::need_more, used};
        if (byte_at(rest, 0) != FCGI_VERSION_1) {
            return {fail("not FastCGI version 1"), used};
        }
        const std::size_t length = two_bytes(rest, 4);
        const std::size_t total = FCGI_HEADER_LEN + length + byte_at(rest, 6);
        if (rest.size() < total) return {Status::need_more, used};
        used += total;
        const Record record{static_cast<unsigned char>(byte_at(rest, 1)), two_bytes(rest, 2),
                            rest.substr(FCGI_HEADER_LEN, length)};
        const Status status = on_record(record);
        if (status != Status::need_more) return {status, used};
    }
}

FcgiRequest RequestReader::take_request() {
    return std::exchange(request_, FcgiRequest{});
}

std::string RequestReader::take_reply() {
    return std::exchange(reply_, std::string());
}

// need_more here means "nothing to hand out yet, go on reading".
RequestReader::Status RequestReader::on_record(const Record& record) {
    if (record.id == FCGI_NULL_REQUEST_ID) return on_management(record);
    if (record.type == FCGI_BEGIN_REQUEST) return on_begin(record);
    // Records of a request this reader is not reading (one refused, or ended) are skipped.
    if (phase_ == Phase::between_requests || record.id != request_.id) return Status::need_more;
    if (record.type == FCGI_ABORT_REQUEST) return on_abort(record);
    if (record.type == FCGI_PARAMS && phase_ == Phase::params) return on_params(record.content);
    if (record.type == FCGI_STDIN && phase_ == Phase::body) return on_body(record.content);
    if (record.type == FCGI_PARAMS || record.type == FCGI_STDIN) {
        return fail("record out of order");
    }
    return Status::need_more;  // FCGI_DATA and the like: not the responder role's
}

RequestReader::Status RequestReader::on_management(const Record& record) {
    if (record.type == FCGI_GET_VALUES) {
        reply_ = encode_record(FCGI_GET_VALUES_RESULT, FCGI_NULL_REQUEST_ID,
                               get_values_result(std::string(record.content)));
    } else {
        reply_ = encode_unknown_type(record.type);
    }
    return Status::reply;
}

RequestReader::Status RequestReader::on_begin(const Record& record) {
    if (record.content.size() != sizeof(FCGI_BeginRequestBody)) {
        return fail("malformed begin-request record");
    }
    if (phase_ != Phase::between_requests) {
        if (record.id == request_.id) return fail("request id reused while in use");
        reply_ = encode_end_request(record.id, FCGI_CANT_MPX_CONN);
        return Status::reply;
    }
    const std::uint16_t role = two_bytes(record.content, 0);
    if (role != FCGI_RESPONDER) {
        reply_ = encode_end_request(record.id, FCGI_UNKNOWN_ROLE);
        return Status::reply;
    }
    request_ = FcgiRequest{};
    request_.id = record.id;
    request_.keep_connection = (byte_at(record.content, 2) & FCGI_KEEP_CONN) != 0;
    phase_ = Phase::params;
    return Status::need_more;
}

RequestReader::Status RequestReader::on_params(std::string_view content) {
    if (content.empty()) {
        if (!decode_params(request_.params_bytes, request_)) return fail("malformed params");
        phase_ = Phase::body;
        return Status::need_more;
    }
    if (content.size() > limits_.max_params_bytes - request_.params_bytes.size()) {
        return fail("params beyond the limit");
    }
    request_.params_bytes.append(content);
    return Status::need_more;
}

RequestReader::Status RequestReader::on_body(std::string_view content) {
    if (content.empty()) {
        phase_ = Phase::between_requests;
        return Status::request;
    }
    if (request_.body_too_large) return Status::need_more;
    if (content.size() > limits_.max_body_bytes - request_.body.size()) {
        request_.body_too_large = true;
        request_.body.clear();
        request_.body.shrink_to_fit();
        return Status::need_more;
    }
    request_.body.append(content);
    return Status::need_more;
}

// The web server gave up on the request: it gets its end-request, and nothing else.
RequestReader::Status RequestReader::on_abort(const Record& record) {
    phase_ = Phase::between_requests;
    reply_ = encode_end_request(record.id, FCGI_REQUEST_COMPLETE);
    return Status::reply;
}

RequestReader::Status RequestReader::fail(std::string why) {
    problem_ = std::move(why);
    return Status::broken;
}

}  // namespace orggate::fcgi
