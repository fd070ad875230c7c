// One FastCGI request as it arrived: its id, whether nginx keeps the connection, the params
// nginx sent and the body (stdin).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orggate::fcgi {

struct FcgiRequest {
    std::uint16_t id = 0;
    bool keep_connection = false;
    // The params' bytes as sent, and where each name and value lies in them: one buffer for
    // all ~30 params instead of 60 strings per request.
    std::string params_bytes;
    struct Span {
        std::uint32_t offset;
        std::uint32_t length;
    };
    std::vector<std::pair<Span, Span>> params;
    std::string body;
    // More stdin came than the reader keeps; the body holds none of it.
    bool body_too_large = false;

    // The value of param `name`, or empty when nginx did not send it.
    std::string_view param(std::string_view name) const {
        for (const auto& [key, value] : params) {
            if (view(key) == name) return view(value);
        }
        return {};
    }

private:
    std::string_view view(Span span) const {
        return std::string_view(params_bytes).substr(span.offset, span.length);
    }
};

}  // namespace orggate::fcgi
