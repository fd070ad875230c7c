// Http1Protocol: a check request becomes the Request the app expects, and answers leave as
// HTTP/1.1 that nginx can keep its connection after.
#include "http1/http1_protocol.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate;
using namespace orggate::http1;

namespace {

RequestHead head_of(std::string target, std::vector<std::pair<std::string, std::string>> headers) {
    RequestHead head;
    head.method = "GET";
    head.target = std::move(target);
    head.headers = std::move(headers);
    return head;
}

http::Response answer(int status) {
    http::Response response;
    response.status = status;
    return response;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http1_protocol)

BOOST_AUTO_TEST_CASE(a_check_request_becomes_the_apps_request) {
    const auto request = to_http_request(
        head_of("/_orggate/check/team%3Acore,user:mona?x=1", {{"cookie", "a=1"},
                                                              {"x-request-id", "r-9"},
                                                              {"cookie", "orggate_session=s"},
                                                              {"host", "orggate"}}));
    BOOST_TEST_REQUIRE(request.has_value());
    BOOST_TEST(request->path == "/_orggate/check/team:core,user:mona");
    BOOST_TEST(request->query == "x=1");
    BOOST_TEST(request->cookie_header == "a=1; orggate_session=s");
    BOOST_TEST(request->request_id == "r-9");
    BOOST_TEST(request->host == "orggate");
    BOOST_TEST(request->body.empty());
}

BOOST_AUTO_TEST_CASE(a_path_that_does_not_decode_is_refused) {
    BOOST_TEST(!to_http_request(head_of("/_orggate/check/%zz", {})).has_value());
    BOOST_TEST(!to_http_request(head_of("/_orggate/check/%00", {})).has_value());
}

BOOST_AUTO_TEST_CASE(a_204_has_no_content_length_and_a_401_says_zero) {
    http::Response admitted = answer(204);
    admitted.set_header("X-Orggate-User", "mona");
    BOOST_TEST(encode_head(admitted, true) ==
               "HTTP/1.1 204 No Content\r\nX-Orggate-User: mona\r\n\r\n");
    BOOST_TEST(encode_head(answer(401), true) ==
               "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(says_so_when_the_connection_ends) {
    BOOST_TEST(encode_head(answer(403), false) ==
               "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(reads_a_request_and_answers_it_with_its_body) {
    Http1Protocol protocol;
    const std::string bytes = "GET /_orggate/check HTTP/1.1\r\nCookie: orggate_session=s\r\n\r\n";
    const serve::Protocol::Step step = protocol.read(bytes);
    BOOST_TEST_REQUIRE((step.status == serve::Protocol::Status::request));
    BOOST_TEST(step.consumed == bytes.size());
    const serve::Protocol::Incoming incoming = protocol.take_request();
    BOOST_TEST(incoming.keep_connection);
    BOOST_TEST(incoming.request.cookie_header == "orggate_session=s");
    http::Response missing = answer(404);
    missing.body = "Not found\n";
    BOOST_TEST(protocol.encode(0, missing, true, true) ==
               "HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\nNot found\n");
    // HEAD: the length of the body that a GET would get, and no body.
    BOOST_TEST(protocol.encode(0, missing, false, true) ==
               "HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(broken_input_gets_a_plain_400_that_closes) {
    Http1Protocol protocol;
    const serve::Protocol::Step step =
        protocol.read("POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
    BOOST_TEST((step.status == serve::Protocol::Status::broken));
    BOOST_TEST(protocol.problem().find("body") != std::string::npos);
    const std::string farewell = protocol.farewell();
    BOOST_TEST(farewell.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
    BOOST_TEST(farewell.find("Connection: close\r\n") != std::string::npos);
    BOOST_TEST(
        (protocol.read("GET /%zz HTTP/1.1\r\n\r\n").status == serve::Protocol::Status::broken));
}

BOOST_AUTO_TEST_SUITE_END()
