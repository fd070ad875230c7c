// Host names compare without regard to case (RFC 3986 section 3.2.2).
#include "http/host.hpp"

#include <algorithm>
#include <cctype>

namespace orggate::http {

bool same_host(std::string_view sent, std::string_view configured) {
    return sent.size() == configured.size() &&
           std::equal(sent.begin(), sent.end(), configured.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

}  // namespace orggate::http
