// Encoding FastCGI records: an 8-byte header, then the content, no padding (it is optional).
#include "fcgi/record_writer.hpp"

#include <fastcgi.h>

#include <algorithm>

namespace orggate::fcgi {
namespace {

void append_header(std::string& out, unsigned char type, std::uint16_t id, std::size_t length) {
    const char header[FCGI_HEADER_LEN] = {static_cast<char>(FCGI_VERSION_1),
                                          static_cast<char>(type),
                                          static_cast<char>(id >> 8),
                                          static_cast<char>(id & 0xff),
                                          static_cast<char>(length >> 8 & 0xff),
                                          static_cast<char>(length & 0xff),
                                          0,
                                          0};
    out.append(header, sizeof header);
}

// `bytes` as stdout records of at most FCGI_MAX_LENGTH each; nothing for no bytes (an empty
// record would end the stream).
void append_stdout(std::string& out, std::uint16_t id, std::string_view bytes) {
    while (!bytes.empty()) {
        const std::size_t length = std::min<std::size_t>(bytes.size(), FCGI_MAX_LENGTH);
        append_header(out, FCGI_STDOUT, id, length);
        out.append(bytes.substr(0, length));
        bytes.remove_prefix(length);
    }
}

void append_end_request(std::string& out, std::uint16_t id, unsigned char protocol_status) {
    append_header(out, FCGI_END_REQUEST, id, sizeof(FCGI_EndRequestBody));
    // appStatus 0 (four bytes), the protocol status, three reserved bytes.
    const char body[sizeof(FCGI_EndRequestBody)] = {0, 0, 0, 0, static_cast<char>(protocol_status),
                                                    0, 0, 0};
    out.append(body, sizeof body);
}

void append_length(std::string& out, std::size_t length) {
    if (length < 0x80) {
        out.push_back(static_cast<char>(length));
        return;
    }
    out.push_back(static_cast<char>(length >> 24 | 0x80));
    out.push_back(static_cast<char>(length >> 16 & 0xff));
    out.push_back(static_cast<char>(length >> 8 & 0xff));
    out.push_back(static_cast<char>(length & 0xff));
}

}  // namespace

std::string encode_record(unsigned char type, std::uint16_t id, std::string_view content) {
    std::string out;
    out.reserve(FCGI_HEADER_LEN + content.size());
    append_header(out, type, id, content.size());
    out.append(content);
    return out;
}

std::string encode_end_request(std::uint16_t id, unsigned char protocol_status) {
    std::string out;
    append_end_request(out, id, protocol_status);
    return out;
}

std::string encode_unknown_type(unsigned char type) {
    const char body[sizeof(FCGI_UnknownTypeBody)] = {static_cast<char>(type), 0, 0, 0, 0, 0, 0, 0};
    return encode_record(FCGI_UNKNOWN_TYPE, FCGI_NULL_REQUEST_ID, std::string_view(body, 8));
}

void append_name_value(std::string& out, std::string_view name, std::string_view value) {
    append_length(out, name.size());
    append_length(out, value.size());
    out.append(name);
    out.append(value);
}

std::string encode_response(std::uint16_t id, std::string_view head, std::string_view body) {
    const std::size_t records = (head.size() + body.size()) / FCGI_MAX_LENGTH + 4;
    std::string out;
    out.reserve(head.size() + body.size() + records * FCGI_HEADER_LEN + 8);
    append_stdout(out, id, head);
    append_stdout(out, id, body);
    append_header(out, FCGI_STDOUT, id, 0);
    append_end_request(out, id, FCGI_REQUEST_COMPLETE);
    return out;
}

}  // namespace orggate::fcgi
