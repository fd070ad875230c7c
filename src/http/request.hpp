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
    // For the gate (src/web/gate_*.cpp): the original request line's target with its query,
    // the headers that tell a page load from a script, and nginx's ORGGATE_REASON param.
    std::string request_uri;
    std::string accept;
    std::string sec_fetch_mode;
    std::string x_requested_with;
    std::string gate_reason;  // percent-encoded, as the gate check sent it
    // For the GitHub webhook (src/web/webhook.cpp): X-GitHub-Event, X-GitHub-Delivery and
    // X-Hub-Signature-256 as received.
    std::string github_event = {};
    std::string github_delivery = {};
    std::string hub_signature_256 = {};
};

}  // namespace orggate::http
