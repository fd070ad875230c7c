// One HTTP response, a plain value written out by the FastCGI edge.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orggate::http {

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    void set_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
    // The first header of that name (case-insensitive), or empty.
    std::string header(std::string_view name) const;
};

Response html_response(int status, std::string body);
Response redirect_response(std::string location);  // 303 See Other after POST, 302 otherwise
Response redirect_response(std::string location, int status);

// "OK", "Not Found", ... for the Status line.
std::string_view status_reason(int status);

// Appends "<prefix><status> <reason>\r\n" and a "Name: value\r\n" line per header: the head
// both wires write ("Status: " for FastCGI, "HTTP/1.1 " for the check socket).
void append_status_and_headers(std::string& out, std::string_view prefix, const Response& response);

}  // namespace orggate::http
