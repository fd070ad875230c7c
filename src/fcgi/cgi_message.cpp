// Reading nginx's params (see nginx/orggate.conf.in) and writing CGI response headers.
#include "fcgi/cgi_message.hpp"

#include <utility>

namespace orggate::fcgi {
namespace {

std::string param(const FcgiRequest& request, std::string_view name) {
    return std::string(request.param(name));
}

std::string path_of(const FcgiRequest& request) {
    std::string path = param(request, "DOCUMENT_URI");
    if (!path.empty()) return path;
    path = param(request, "REQUEST_URI");
    return path.substr(0, path.find('?'));
}

}  // namespace

http::Request to_http_request(FcgiRequest&& request) {
    http::Request out;
    out.method = param(request, "REQUEST_METHOD");
    out.path = path_of(request);
    out.query = param(request, "QUERY_STRING");
    out.cookie_header = param(request, "HTTP_COOKIE");
    out.host = param(request, "HTTP_HOST");
    out.https = request.param("HTTPS") == "on";
    out.content_type = param(request, "CONTENT_TYPE");
    out.request_id = param(request, "REQUEST_ID");
    out.request_uri = param(request, "REQUEST_URI");
    out.accept = param(request, "HTTP_ACCEPT");
    out.sec_fetch_mode = param(request, "HTTP_SEC_FETCH_MODE");
    out.x_requested_with = param(request, "HTTP_X_REQUESTED_WITH");
    out.gate_reason = param(request, "ORGGATE_REASON");
    out.github_event = param(request, "HTTP_X_GITHUB_EVENT");
    out.github_delivery = param(request, "HTTP_X_GITHUB_DELIVERY");
    out.hub_signature_256 = param(request, "HTTP_X_HUB_SIGNATURE_256");
    out.body = std::move(request.body);
    return out;
}

std::string cgi_head(const http::Response& response) {
    std::string head;
    head.reserve(512);
    http::append_status_and_headers(head, "Status: ", response);
    head += "Content-Length: ";
    head += std::to_string(response.body.size());
    head += "\r\n\r\n";
    return head;
}

}  // namespace orggate::fcgi
