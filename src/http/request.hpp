// One HTTP request as orggate sees it, a plain value filled by the FastCGI edge.
#pragma once

#include <string>

namespace orggate::http {

struct Request {
    std::string method;  // "GET", "HEAD", "POST", ...
    std::string path;    // decoded path without the query, as nginx normalized it
    std::string query;   // raw query string, still percent-encoded
    std::string cookie_header;
    std::string host;  // Host header as the browser sent it
    bool https = false;
    std::string content_type;
    std::string body;  // read only for POST, capped
    std::string request_id;
};

}  // namespace orggate::http
