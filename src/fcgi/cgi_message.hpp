// Between FastCGI's CGI-style messages and orggate's own: the params nginx sends become an
// http::Request, an http::Response becomes the "Status:" header block nginx expects.
#pragma once

#include <string>

#include "fcgi/fcgi_request.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace orggate::fcgi {

// Moves the body out of `request`.
http::Request to_http_request(FcgiRequest&& request);
// The header block, with Content-Length; the body goes after it unless the method was HEAD.
std::string cgi_head(const http::Response& response);

}  // namespace orggate::fcgi
