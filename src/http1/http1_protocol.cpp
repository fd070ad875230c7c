// Request heads in, HTTP/1.1 answers out, for the check socket.
#include "http1/http1_protocol.hpp"

#include <optional>
#include <utility>

#include "http/query.hpp"

namespace orggate::http1 {
namespace {

const HeadLimits kLimits;

bool has_no_body(int status) {
    return status < 200 || status == 204 || status == 304;
}

std::string first_value(const RequestHead& head, std::string_view name) {
    const std::vector<std::string_view> found = head.values(name);
    return found.empty() ? std::string() : std::string(found.front());
}

// HTTP/2 and some clients split cookies over several lines; the cookie parser wants one.
std::string cookie_header(const RequestHead& head) {
    std::string joined;
    for (const std::string_view value : head.values("cookie")) {
        if (!joined.empty()) joined += "; ";
        joined += value;
    }
    return joined;
}

}  // namespace

std::optional<http::Request> to_http_request(const RequestHead& head) {
    const std::size_t question = head.target.find('?');
    std::optional<std::string> path =
        http::percent_decode(std::string_view(head.target).substr(0, question), false);
    if (!path || path->find('\0') != std::string::npos) return std::nullopt;
    http::Request out;
    out.method = head.method;
    out.path = std::move(*path);
    if (question != std::string::npos) out.query = head.target.substr(question + 1);
    out.request_uri = head.target;
    out.cookie_header = cookie_header(head);
    out.host = first_value(head, "host");
    out.request_id = first_value(head, "x-request-id");
    out.accept = first_value(head, "accept");
    out.sec_fetch_mode = first_value(head, "sec-fetch-mode");
    out.x_requested_with = first_value(head, "x-requested-with");
    return out;
}

std::string encode_head(const http::Response& response, bool keep_connection) {
    std::string head;
    head.reserve(512);
    http::append_status_and_headers(head, "HTTP/1.1 ", response);
    if (!has_no_body(response.status)) {
        head += "Content-Length: ";
        head += std::to_string(response.body.size());
        head += "\r\n";
    }
    if (!keep_connection) head += "Connection: close\r\n";
    head += "\r\n";
    return head;
}

serve::Protocol::Step Http1Protocol::read(std::string_view input) {
    RequestHead head;
    const HeadStep step = read_request_head(input, kLimits, head, problem_);
    if (step.status == HeadStatus::need_more) return Step{Status::need_more, 0};
    if (step.status == HeadStatus::broken) return Step{Status::broken, 0};
    std::optional<http::Request> request = to_http_request(head);
    if (!request) {
        problem_ = "the path has a bad %-escape";
        return Step{Status::broken, 0};
    }
    incoming_ = Incoming{std::move(*request), 0, head.keeps_connection(), false};
    return Step{Status::request, step.consumed};
}

serve::Protocol::Incoming Http1Protocol::take_request() {
    return std::move(incoming_);
}

std::string Http1Protocol::farewell() const {
    http::Response response;
    response.status = 400;
    response.set_header("Content-Type", "text/plain; charset=utf-8");
    response.body = "Bad request\n";
    return encode_head(response, false) + response.body;
}

std::string Http1Protocol::encode(std::uint16_t /*id*/, const http::Response& response,
                                  bool with_body, bool keep_connection) const {
    std::string bytes = encode_head(response, keep_connection);
    if (with_body && !has_no_body(response.status)) bytes += response.body;
    return bytes;
}

}  // namespace orggate::http1
