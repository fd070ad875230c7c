// Page load or script: decided from the request's method and fetch headers alone.
#include "gate/page_load.hpp"

#include <cstdlib>
#include <string>

#include "http/text.hpp"

namespace orggate::gate {
namespace {

// The q of one Accept item's parameters ("; q=0.8"); 1 without one.
double quality(std::string_view params) {
    while (!params.empty()) {
        const std::size_t semicolon = params.find(';');
        const std::string_view param = http::trim_spaces(params.substr(0, semicolon));
        if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
            return std::strtod(std::string(param.substr(2)).c_str(), nullptr);
        }
        if (semicolon == std::string_view::npos) break;
        params.remove_prefix(semicolon + 1);
    }
    return 1.0;
}

bool is_json(std::string_view type) {
    constexpr std::string_view kSuffix = "+json";
    return http::equals_ignoring_case(type, "application/json") ||
           (type.size() > kSuffix.size() &&
            http::equals_ignoring_case(type.substr(type.size() - kSuffix.size()), kSuffix));
}

bool is_html(std::string_view type) {
    return http::equals_ignoring_case(type, "text/html") ||
           http::equals_ignoring_case(type, "application/xhtml+xml");
}

}  // namespace

bool prefers_json(std::string_view accept) {
    double json = 0, html = 0;
    while (!accept.empty()) {
        const std::size_t comma = accept.find(',');
        const std::string_view item = accept.substr(0, comma);
        const std::size_t semicolon = item.find(';');
        const std::string_view type = http::trim_spaces(item.substr(0, semicolon));
        const double q =
            semicolon == std::string_view::npos ? 1.0 : quality(item.substr(semicolon + 1));
        if (is_json(type) && q > json) json = q;
        if (is_html(type) && q > html) html = q;
        if (comma == std::string_view::npos) break;
        accept.remove_prefix(comma + 1);
    }
    return json > html;
}

bool is_page_load(const http::Request& request) {
    if (request.method != "GET" && request.method != "HEAD") return false;
    if (!request.sec_fetch_mode.empty() && request.sec_fetch_mode != "navigate") return false;
    if (!request.x_requested_with.empty()) return false;
    return !prefers_json(request.accept);
}

}  // namespace orggate::gate
