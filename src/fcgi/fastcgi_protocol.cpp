// The FastCGI reader and writer behind the server's Protocol interface.
#include "fcgi/fastcgi_protocol.hpp"

#include <utility>

#include "fcgi/cgi_message.hpp"
#include "fcgi/record_writer.hpp"
#include "webhook/webhook_event.hpp"

namespace orggate::fcgi {
namespace {

// Bodies are small forms (logout) and GitHub's webhook deliveries, which nginx lets through up
// to 1 MB at /_orggate/webhook only (16 KB elsewhere): the same bound here, so that what nginx
// accepts is read, and anything bigger is answered 413 and not kept. The params nginx sends
// are bounded by its header buffers (32 KB by default), far below this.
constexpr RequestReader::Limits kLimits{128 * 1024, webhook::kMaxWebhookBodyBytes};

serve::Protocol::Status status_of(RequestReader::Status status) {
    switch (status) {
        case RequestReader::Status::need_more:
            return serve::Protocol::Status::need_more;
        case RequestReader::Status::request:
            return serve::Protocol::Status::request;
        case RequestReader::Status::reply:
            return serve::Protocol::Status::reply;
        case RequestReader::Status::broken:
            break;
    }
    return serve::Protocol::Status::broken;
}

}  // namespace

FastCgiProtocol::FastCgiProtocol() : reader_(kLimits) {}

serve::Protocol::Step FastCgiProtocol::read(std::string_view input) {
    const RequestReader::Step step = reader_.read(input);
    return Step{status_of(step.status), step.consumed};
}

serve::Protocol::Incoming FastCgiProtocol::take_request() {
    FcgiRequest request = reader_.take_request();
    Incoming incoming;
    incoming.id = request.id;
    incoming.keep_connection = request.keep_connection;
    incoming.body_too_large = request.body_too_large;
    incoming.request = to_http_request(std::move(request));
    return incoming;
}

// nginx keeps the connection or not by its own flag (fastcgi_keep_conn); nothing to say here.
std::string FastCgiProtocol::encode(std::uint16_t id, const http::Response& response,
                                    bool with_body, bool /*keep_connection*/) const {
    return encode_response(id, cgi_head(response),
                           with_body ? std::string_view(response.body) : std::string_view());
}

}  // namespace orggate::fcgi
