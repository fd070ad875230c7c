// Fuzzes the FastCGI reader with whatever a peer could send: it never reads past its input,
// keeps its limits, and reads the same however the bytes are split (the first byte picks
// the split), as a connection's reads may split them anywhere.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fcgi/request_reader.hpp"
#include "fuzz_property.hpp"

using orggate::fcgi::FcgiRequest;
using orggate::fcgi::RequestReader;
using orggate::fuzz::require;

namespace {

constexpr RequestReader::Limits kLimits{2048, 1024};

// Every outcome in order, as text: the status, and the request or reply it carried.
std::vector<std::string> read_in_pieces(std::string_view stream, std::size_t piece) {
    RequestReader reader(kLimits);
    std::vector<std::string> outcomes;
    std::string buffer;
    for (std::size_t at = 0; at < stream.size(); at += piece) {
        buffer.append(stream.substr(at, piece));
        for (;;) {
            const RequestReader::Step step = reader.read(buffer);
            require(step.consumed <= buffer.size(), "never consumes more than it was given");
            buffer.erase(0, step.consumed);
            if (step.status == RequestReader::Status::need_more) break;
            if (step.status == RequestReader::Status::broken) {
                outcomes.push_back("broken");
                return outcomes;
            }
            if (step.status == RequestReader::Status::reply) {
                outcomes.push_back("reply " + reader.take_reply());
                continue;
            }
            const FcgiRequest request = reader.take_request();
            require(request.params_bytes.size() <= kLimits.max_params_bytes, "params limit");
            require(request.body.size() <= kLimits.max_body_bytes, "body limit");
            require(!request.body_too_large || request.body.empty(), "a dropped body is empty");
            std::string text = "request " + std::to_string(request.id) + " ";
            for (const auto& [name, value] : request.params) {
                require(std::size_t{name.offset} + name.length <= request.params_bytes.size() &&
                            std::size_t{value.offset} + value.length <= request.params_bytes.size(),
                        "every param lies inside the params' bytes");
                text += std::to_string(name.offset) + ":" + std::to_string(value.length) + ",";
            }
            outcomes.push_back(text + request.params_bytes + "|" + request.body);
        }
    }
    return outcomes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t piece = data[0] % 16 + 1;
    const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
    require(read_in_pieces(stream, piece) == read_in_pieces(stream, stream.size() + 1),
            "the same outcomes however the bytes are split");
    return 0;
}
