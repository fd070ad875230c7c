// The FastCGI reader: requests however the bytes are split, kept connections, limits, and the
// records a responder must answer or refuse.
#include "fcgi/request_reader.hpp"

#include <fastcgi.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include "fcgi/record_writer.hpp"

using orggate::fcgi::append_name_value;
using orggate::fcgi::encode_record;
using orggate::fcgi::FcgiRequest;
using orggate::fcgi::RequestReader;
using Status = RequestReader::Status;

namespace {

constexpr RequestReader::Limits kLimits{4096, 1024};

std::string begin(std::uint16_t id, bool keep = true, std::uint16_t role = FCGI_RESPONDER) {
    const char body[8] = {static_cast<char>(role >> 8),
                          static_cast<char>(role & 0xff),
                          static_cast<char>(keep ? FCGI_KEEP_CONN : 0),
                          0,
                          0,
                          0,
                          0,
                          0};
    return encode_record(FCGI_BEGIN_REQUEST, id, std::string(body, 8));
}

std::string params(std::uint16_t id,
                   const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string content;
    for (const auto& [name, value] : pairs)
        append_name_value(content, name, value);
    const std::string end = encode_record(FCGI_PARAMS, id, "");
    return content.empty() ? end : encode_record(FCGI_PARAMS, id, content) + end;
}

std::string body(std::uint16_t id, const std::string& bytes) {
    std::string out;
    if (!bytes.empty()) out = encode_record(FCGI_STDIN, id, bytes);
    return out + encode_record(FCGI_STDIN, id, "");
}

std::string page_request(std::uint16_t id, const std::string& path, const std::string& in = "") {
    return begin(id) +
           params(id, {{"REQUEST_METHOD", in.empty() ? "GET" : "POST"}, {"DOCUMENT_URI", path}}) +
           body(id, in);
}

// What the reader made of a byte stream: every request and reply in order, or where it broke.
struct Outcome {
    std::vector<FcgiRequest> requests;
    std::vector<std::string> replies;
    std::vector<Status> order;
    bool broken = false;
};

// Feeds `stream` in pieces of `chunk` bytes, keeping unread bytes as a connection would.
Outcome read_all(const std::string& stream, std::size_t chunk,
                 RequestReader::Limits limits = kLimits) {
    RequestReader reader(limits);
    Outcome out;
    std::string buffer;
    for (std::size_t at = 0; at < stream.size() && !out.broken; at += chunk) {
        buffer += stream.substr(at, chunk);
        for (;;) {
            const RequestReader::Step step = reader.read(buffer);
            BOOST_REQUIRE_LE(step.consumed, buffer.size());
            buffer.erase(0, step.consumed);
            if (step.status == Status::need_more) break;
            out.order.push_back(step.status);
            if (step.status == Status::broken) {
                out.broken = true;
                break;
            }
            if (step.status == Status::request) out.requests.push_back(reader.take_request());
            if (step.status == Status::reply) out.replies.push_back(reader.take_reply());
        }
    }
    return out;
}

std::string end_request(std::uint16_t id, unsigned char protocol_status) {
    return orggate::fcgi::encode_end_request(id, protocol_status);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_reader)

BOOST_AUTO_TEST_CASE(a_request_reads_the_same_however_its_bytes_are_split) {
    const std::string cookie(300, 'c');  // past 127 bytes: a four-byte length
    const std::string stream = begin(1) +
                               params(1, {{"REQUEST_METHOD", "POST"},
                                          {"DOCUMENT_URI", "/logout"},
                                          {"HTTP_COOKIE", cookie},
                                          {"EMPTY", ""}}) +
                               body(1, "csrf=abc");
    for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
        const Outcome out = read_all(stream, chunk);
        BOOST_REQUIRE_EQUAL(out.requests.size(), 1u);
        const FcgiRequest& request = out.requests[0];
        BOOST_TEST(request.id == 1);
        BOOST_TEST(request.keep_connection);
        BOOST_TEST(request.param("REQUEST_METHOD") == "POST");
        BOOST_TEST(request.param("DOCUMENT_URI") == "/logout");
        BOOST_TEST(request.param("HTTP_COOKIE") == cookie);
        BOOST_TEST(request.param("EMPTY").empty());
        BOOST_TEST(request.param("ABSENT").empty());
        BOOST_TEST(request.body == "csrf=abc");
        BOOST_TEST(!request.body_too_large);
    }
}

BOOST_AUTO_TEST_CASE(requests_follow_one_another_on_a_kept_connection) {
    const Outcome out = read_all(
        page_request(1, "/page1") + page_request(1, "/page2") + page_request(7, "/"), 4096);
    BOOST_REQUIRE_EQUAL(out.requests.size(), 3u);
    BOOST_TEST(out.requests[0].param("DOCUMENT_URI") == "/page1");
    BOOST_TEST(out.requests[1].param("DOCUMENT_URI") == "/page2");
    BOOST_TEST(out.requests[2].param("DOCUMENT_URI") == "/");
    BOOST_TEST(out.requests[2].id == 7);
    BOOST_TEST(out.replies.empty());
}

BOOST_AUTO_TEST_CASE(without_keep_conn_the_request_says_so) {
    const Outcome out = read_all(begin(1, false) + params(1, {}) + body(1, ""), 64);
    BOOST_REQUIRE_EQUAL(out.requests.size(), 1u);
    BOOST_TEST(!out.requests[0].keep_connection);
}

BOOST_AUTO_TEST_CASE(padding_after_a_record_is_skipped) {
    std::string padded = begin(1);
    padded[6] = 5;  // paddingLength
    padded += std::string(5, '\xff');
    const Outcome out = read_all(padded + params(1, {{"A", "b"}}) + body(1, ""), 3);
    BOOST_REQUIRE_EQUAL(out.requests.size(), 1u);
    BOOST_TEST(out.requests[0].param("A") == "b");
}

BOOST_AUTO_TEST_CASE(a_body_past_the_limit_is_dropped_and_the_next_request_still_reads) {
    const std::string big(700, 'x');  // two records of 700 > 1024
    const std::string stream = begin(1) + params(1, {}) + encode_record(FCGI_STDIN, 1, big) +
                               encode_record(FCGI_STDIN, 1, big) + body(1, "") +
                               page_request(1, "/page2");
    const Outcome out = read_all(stream, 100);
    BOOST_REQUIRE_EQUAL(out.requests.size(), 2u);
    BOOST_TEST(out.requests[0].body_too_large);
    BOOST_TEST(out.requests[0].body.empty());
    BOOST_TEST(!out.requests[1].body_too_large);
    BOOST_TEST(out.requests[1].param("DOCUMENT_URI") == "/page2");
}

BOOST_AUTO_TEST_CASE(params_past_the_limit_break_the_stream) {
    const Outcome out =
        read_all(begin(1) + params(1, {{"HTTP_COOKIE", std::string(5000, 'c')}}), 512);
    BOOST_TEST(out.broken);
    BOOST_TEST(out.requests.empty());
}

BOOST_AUTO_TEST_CASE(what_is_not_fastcgi_breaks_the_stream) {
    BOOST_TEST(read_all("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 64).broken);
    std::string bad_length = begin(1) + encode_record(FCGI_PARAMS, 1,
                                                      std::string("\x05\x01"
                                                                  "ab",
                                                                  4));
    BOOST_TEST(read_all(bad_length + encode_record(FCGI_PARAMS, 1, ""), 64).broken);
    BOOST_TEST(read_all(encode_record(FCGI_BEGIN_REQUEST, 1, "short"), 64).broken);
    // Stdin before the params have ended.
    BOOST_TEST(read_all(begin(1) + encode_record(FCGI_STDIN, 1, ""), 64).broken);
}

BOOST_AUTO_TEST_CASE(other_roles_are_refused_and_their_records_skipped) {
    const std::string stream = begin(3, true, FCGI_AUTHORIZER) + params(3, {{"A", "b"}}) +
                               body(3, "") + page_request(4, "/");
    const Outcome out = read_all(stream, 16);
    BOOST_REQUIRE_EQUAL(out.replies.size(), 1u);
    BOOST_TEST(out.replies[0] == end_request(3, FCGI_UNKNOWN_ROLE));
    BOOST_REQUIRE_EQUAL(out.requests.size(), 1u);
    BOOST_TEST(out.requests[0].id == 4);
}

BOOST_AUTO_TEST_CASE(a_second_request_at_once_is_refused_and_the_first_completes) {
    const std::string stream = begin(1) + begin(2) + params(1, {{"A", "b"}}) + body(1, "");
    const Outcome out = read_all(stream, 4096);
    BOOST_REQUIRE_EQUAL(out.replies.size(), 1u);
    BOOST_TEST(out.replies[0] == end_request(2, FCGI_CANT_MPX_CONN));
    BOOST_REQUIRE_EQUAL(out.requests.size(), 1u);
    BOOST_TEST(out.requests[0].id == 1);
    BOOST_TEST(read_all(begin(1) + begin(1), 64).broken);
}

BOOST_AUTO_TEST_CASE(an_aborted_request_is_ended_and_never_handed_out) {
    const std::string stream =
        begin(1) + params(1, {}) + encode_record(FCGI_ABORT_REQUEST, 1, "") + page_request(2, "/");
    const Outcome out = read_all(stream, 4096);
    BOOST_REQUIRE_EQUAL(out.replies.size(), 1u);
    BOOST_TEST(out.replies[0] == end_request(1, FCGI_REQUEST_COMPLETE));
    BOOST_REQUIRE_EQUAL(out.requests.size(), 1u);
    BOOST_TEST(out.requests[0].id == 2);
}

BOOST_AUTO_TEST_CASE(management_records_are_answered) {
    std::string asked;
    append_name_value(asked, FCGI_MPXS_CONNS, "");
    append_name_value(asked, "SOMETHING_ELSE", "");
    const Outcome out =
        read_all(encode_record(FCGI_GET_VALUES, 0, asked) + encode_record(42, 0, "whatever"), 4096);
    BOOST_REQUIRE_EQUAL(out.replies.size(), 2u);
    std::string answer;
    append_name_value(answer, FCGI_MPXS_CONNS, "0");
    BOOST_TEST(out.replies[0] == encode_record(FCGI_GET_VALUES_RESULT, 0, answer));
    BOOST_TEST(out.replies[1] ==
               encode_record(FCGI_UNKNOWN_TYPE, 0, std::string("\x2a\0\0\0\0\0\0\0", 8)));
}

BOOST_AUTO_TEST_CASE(mid_request_is_true_only_between_begin_and_the_end_of_stdin) {
    RequestReader reader(kLimits);
    BOOST_TEST(!reader.mid_request());
    const std::string head = begin(1) + params(1, {});
    BOOST_TEST((reader.read(head).status == Status::need_more));
    BOOST_TEST(reader.mid_request());
    BOOST_TEST((reader.read(body(1, "")).status == Status::request));
    BOOST_TEST(!reader.mid_request());
}

BOOST_AUTO_TEST_SUITE_END()
