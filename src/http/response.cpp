// Response helpers and the reason phrases of the statuses orggate uses.
#include "http/response.hpp"

#include <strings.h>

namespace orggate::http {

std::string Response::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), key.size()) == 0) {
            return value;
        }
    }
    return {};
}

Response html_response(int status, std::string body) {
    Response response;
    response.status = status;
    response.set_header("Content-Type", "text/html; charset=utf-8");
    // Pages differ per visitor (navbar, flashes): never let a cache share them.
    response.set_header("Cache-Control", "no-store");
    response.body = std::move(body);
    return response;
}

Response redirect_response(std::string location, int status) {
    Response response;
    response.status = status;
    response.set_header("Location", std::move(location));
    response.set_header("Cache-Control", "no-store");
    return response;
}

Response redirect_response(std::string location) {
    return redirect_response(std::move(location), 302);
}

std::string_view status_reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 204:
            return "No Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 413:
            return "Payload Too Large";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        default:
            return "Unknown";
    }
}

void append_status_and_headers(std::string& out, std::string_view prefix,
                               const Response& response) {
    out += prefix;
    out += std::to_string(response.status);
    out += ' ';
    out += status_reason(response.status);
    out += "\r\n";
    for (const auto& [name, value] : response.headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
}

}  // namespace orggate::http
