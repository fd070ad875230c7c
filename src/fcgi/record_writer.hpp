// FastCGI records as orggate writes them (pure): a response's stdout and its end, and the
// replies to management records.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace orggate::fcgi {

// One record; `content` is at most 65,535 bytes.
std::string encode_record(unsigned char type, std::uint16_t id, std::string_view content);
std::string encode_end_request(std::uint16_t id, unsigned char protocol_status);
std::string encode_unknown_type(unsigned char type);
void append_name_value(std::string& out, std::string_view name, std::string_view value);

// A whole answer to request `id`: `head` and `body` as stdout records (as many as their size
// needs), the empty stdout record that ends the stream, and the end-request record. One buffer,
// so the answer leaves in one write.
std::string encode_response(std::uint16_t id, std::string_view head, std::string_view body);

}  // namespace orggate::fcgi
