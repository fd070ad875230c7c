// The open-redirect guard for ?next=.
#include "http/return_path.hpp"

namespace orggate::http {

bool is_safe_return_path(std::string_view path) {
    if (path.empty() || path.size() > kMaxReturnPathBytes || path.front() != '/') return false;
    // "//evil.example" and "/\evil.example" are read by browsers as another host.
    if (path.size() > 1 && (path[1] == '/' || path[1] == '\\')) return false;
    for (unsigned char c : path) {
        if (c <= 0x20 || c == 0x7F || c == '\\') return false;
    }
    return true;
}

}  // namespace orggate::http
