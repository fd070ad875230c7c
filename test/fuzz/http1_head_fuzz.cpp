// Fuzzes the check socket's request reader: a head it accepts is what the grammar allows (a
// token method, a visible-ASCII path, lower-case token names, values without CR, LF or NUL:
// what nginx forwards), no body is ever announced, nothing is consumed until a head is whole,
// and a head read once reads the same with more bytes behind it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "http1/http1_protocol.hpp"
#include "http1/request_head.hpp"

using namespace orggate::http1;

using orggate::fuzz::require;

namespace {

bool is_token(std::string_view text, bool lower) {
    if (text.empty()) return false;
    for (const unsigned char c : text) {
        if (c <= 0x20 || c >= 0x7f ||
            std::string_view("\"(),/:;<=>?@[\\]{}").find(c) != std::string_view::npos) {
            return false;
        }
        if (lower && c >= 'A' && c <= 'Z') return false;
    }
    return true;
}

void check_head(const RequestHead& head) {
    require(is_token(head.method, false), "the method is a token");
    require(!head.target.empty() && head.target.front() == '/', "the target is a path");
    for (const unsigned char c : head.target)
        require(c > 0x20 && c < 0x7f, "the target is visible ASCII");
    require(head.minor_version == 0 || head.minor_version == 1, "HTTP/1.0 or HTTP/1.1");
    for (const auto& [name, value] : head.headers) {
        require(is_token(name, true), "a header name is a lower-case token");
        require(value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos,
                "a value has no CR, LF or NUL");
        require(value.empty() || (value.front() != ' ' && value.back() != ' '), "values trimmed");
        if (name == "content-length") require(value == "0", "no body is announced");
        require(name != "transfer-encoding", "no body is announced");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const HeadLimits limits{2048, 32};
    RequestHead head;
    std::string problem;
    const HeadStep step = read_request_head(input, limits, head, problem);
    if (step.status == HeadStatus::need_more) {
        require(step.consumed == 0, "nothing is consumed before a head is whole");
        require(input.size() < limits.max_bytes, "waiting stays below the limit");
        return 0;
    }
    if (step.status == HeadStatus::broken) {
        require(!problem.empty(), "a refusal says why");
        return 0;
    }
    require(step.consumed >= 16 && step.consumed <= input.size(), "a head is within the input");
    require(input.compare(step.consumed - 4, 4, "\r\n\r\n") == 0, "a head ends with a blank line");
    require(head.headers.size() <= limits.max_headers, "the header limit holds");
    check_head(head);
    RequestHead again;
    const HeadStep longer = read_request_head(input + "GET / HTTP/1.1\r\n", limits, again, problem);
    require(longer.status == HeadStatus::complete && longer.consumed == step.consumed &&
                again.target == head.target && again.headers == head.headers,
            "bytes behind a head change nothing");
    // The app's request: a path that decodes has no NUL in it.
    if (const auto request = to_http_request(head)) {
        require(request->path.find('\0') == std::string::npos, "no NUL in a decoded path");
    }
    return 0;
}
