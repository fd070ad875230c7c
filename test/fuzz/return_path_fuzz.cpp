// Fuzzes is_safe_return_path: an accepted path stays on this site as a browser reads it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "http/return_path.hpp"

using namespace orggate::http;

using orggate::fuzz::require;

namespace {

// The WHATWG URL parser's first steps: trim C0 controls and space at both ends, then drop
// every tab and newline.
std::string as_browser_reads(std::string_view path) {
    while (!path.empty() && static_cast<unsigned char>(path.front()) <= 0x20)
        path.remove_prefix(1);
    while (!path.empty() && static_cast<unsigned char>(path.back()) <= 0x20)
        path.remove_suffix(1);
    std::string out;
    for (const char c : path) {
        if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
    }
    return out;
}

bool is_slash(char c) {
    return c == '/' || c == '\\';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view path(reinterpret_cast<const char*>(data), size);
    if (!is_safe_return_path(path)) return 0;

    const std::string seen = as_browser_reads(path);
    require(!seen.empty() && seen.front() == '/', "a browser sees a path starting with '/'");
    require(seen.size() < 2 || !is_slash(seen[1]), "a browser sees no other host (// or /\\)");
    require(path.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos,
            "no CR, LF or NUL reaches the Location header");
    require(path.size() <= kMaxReturnPathBytes, "at most kMaxReturnPathBytes (2,000) bytes");
    return 0;
}
