// Host names compare without regard to case (RFC 3986 section 3.2.2).
#include "http/host.hpp"

#include "http/text.hpp"

namespace orggate::http {

bool same_host(std::string_view sent, std::string_view configured) {
    return equals_ignoring_case(sent, configured);
}

}  // namespace orggate::http
