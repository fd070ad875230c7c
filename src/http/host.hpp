// Comparing the Host a request names with the site's configured host.
#pragma once

#include <string_view>

namespace orggate::http {

// True when `sent` (a Host header) names `configured` (host[:port], lower-case), ignoring case.
bool same_host(std::string_view sent, std::string_view configured);

}  // namespace orggate::http
