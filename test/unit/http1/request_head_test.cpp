// read_request_head: what nginx sends is read whole; anything else is refused, not guessed at.
#include "http1/request_head.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate::http1;

namespace {

constexpr std::string_view kCheck =
    "GET /_orggate/check/team:core HTTP/1.1\r\n"
    "Host: orggate\r\n"
    "Cookie: orggate_session=abc\r\n"
    "X-Request-Id: 0123\r\n"
    "\r\n";

struct Read {
    HeadStep step;
    RequestHead head;
    std::string problem;
};

Read read(std::string_view input, HeadLimits limits = {}) {
    Read out{{HeadStatus::broken, 0}, {}, {}};
    out.step = read_request_head(input, limits, out.head, out.problem);
    return out;
}

bool is_broken(std::string_view input) {
    return read(input).step.status == HeadStatus::broken;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http1_request_head)

BOOST_AUTO_TEST_CASE(reads_what_nginx_sends_for_the_check) {
    const Read got = read(kCheck);
    BOOST_TEST_REQUIRE((got.step.status == HeadStatus::complete));
    BOOST_TEST(got.step.consumed == kCheck.size());
    BOOST_TEST(got.head.method == "GET");
    BOOST_TEST(got.head.target == "/_orggate/check/team:core");
    BOOST_TEST(got.head.minor_version == 1);
    BOOST_TEST_REQUIRE(got.head.values("cookie").size() == 1u);
    BOOST_TEST(got.head.values("cookie")[0] == "orggate_session=abc");
    BOOST_TEST(got.head.values("x-request-id")[0] == "0123");
    BOOST_TEST(got.head.keeps_connection());
}

BOOST_AUTO_TEST_CASE(consumes_one_head_and_leaves_the_next_request) {
    const std::string two = std::string(kCheck) + "GET /next HTTP/1.1\r\n";
    const Read got = read(two);
    BOOST_TEST_REQUIRE((got.step.status == HeadStatus::complete));
    BOOST_TEST(got.step.consumed == kCheck.size());
}

BOOST_AUTO_TEST_CASE(waits_for_the_blank_line_consuming_nothing) {
    for (std::size_t cut = 0; cut < kCheck.size(); ++cut) {
        const Read got = read(kCheck.substr(0, cut));
        BOOST_TEST((got.step.status == HeadStatus::need_more), cut);
        BOOST_TEST(got.step.consumed == 0u);
    }
}

BOOST_AUTO_TEST_CASE(names_are_lower_case_and_values_trimmed) {
    const Read got = read("GET / HTTP/1.1\r\nCoOkIe:   a=1  \r\nCOOKIE:\tb=2\r\n\r\n");
    BOOST_TEST_REQUIRE((got.step.status == HeadStatus::complete));
    BOOST_TEST_REQUIRE(got.head.values("cookie").size() == 2u);
    BOOST_TEST(got.head.values("cookie")[0] == "a=1");
    BOOST_TEST(got.head.values("cookie")[1] == "b=2");
}

BOOST_AUTO_TEST_CASE(connection_close_and_http_1_0_end_the_connection) {
    BOOST_TEST(!read("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").head.keeps_connection());
    BOOST_TEST(!read("GET / HTTP/1.1\r\nConnection: TE, Close\r\n\r\n").head.keeps_connection());
    BOOST_TEST(!read("GET / HTTP/1.0\r\n\r\n").head.keeps_connection());
    BOOST_TEST(read("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").head.keeps_connection());
    BOOST_TEST(read("GET / HTTP/1.1\r\nConnection: \r\n\r\n").head.keeps_connection());
}

BOOST_AUTO_TEST_CASE(refuses_a_body_it_would_not_read) {
    BOOST_TEST(is_broken("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"));
    BOOST_TEST(is_broken("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    BOOST_TEST(is_broken("GET / HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 7\r\n\r\n"));
    BOOST_TEST(!is_broken("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
    BOOST_TEST(read("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").problem.find("body") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_malformed_request_lines) {
    for (const char* line :
         {"GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n",
          "GET / HTTP/2.0\r\n\r\n", "GET / http/1.1\r\n\r\n", "GET http://evil/ HTTP/1.1\r\n\r\n",
          "GET * HTTP/1.1\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n", "GET /a\x01 HTTP/1.1\r\n\r\n",
          "GET /\xc3\xa9 HTTP/1.1\r\n\r\n", "\r\n\r\n", "\r\nGET / HTTP/1.1\r\n\r\n"}) {
        BOOST_TEST(is_broken(line), line);
    }
}

BOOST_AUTO_TEST_CASE(refuses_malformed_header_lines) {
    for (const char* text :
         {"GET / HTTP/1.1\r\nNo colon\r\n\r\n", "GET / HTTP/1.1\r\nName : v\r\n\r\n",
          "GET / HTTP/1.1\r\n: v\r\n\r\n", "GET / HTTP/1.1\r\nA: 1\r\n folded\r\n\r\n",
          "GET / HTTP/1.1\r\nA: 1\nB: 2\r\n\r\n", "GET / HTTP/1.1\r\nA: one\rtwo\r\n\r\n"}) {
        BOOST_TEST(is_broken(text), text);
    }
}

BOOST_AUTO_TEST_CASE(a_nul_in_a_value_is_refused) {
    const char raw[] = "GET / HTTP/1.1\r\nA: x\0y\r\n\r\n";
    const std::string text(raw, sizeof raw - 1);
    BOOST_TEST(is_broken(text));
}

// nginx forwards a client's Cookie as it came, refusing only NUL, CR and LF: a control byte
// in another site's cookie must not make the check refuse a visitor with a valid session.
BOOST_AUTO_TEST_CASE(a_control_byte_nginx_forwards_is_kept_in_the_value) {
    for (int byte = 1; byte < 0x100; ++byte) {
        if (byte == '\r' || byte == '\n') continue;
        const std::string cookie =
            "x=" + std::string(1, static_cast<char>(byte)) + "y; orggate_session=abc";
        const std::string text = "GET /_orggate/check HTTP/1.1\r\nCookie: " + cookie + "\r\n\r\n";
        const Read got = read(text);
        BOOST_TEST_REQUIRE((got.step.status == HeadStatus::complete), byte);
        BOOST_TEST(got.step.consumed == text.size());
        BOOST_TEST_REQUIRE(got.head.values("cookie").size() == 1u);
        BOOST_TEST(got.head.values("cookie")[0] == cookie, byte);
    }
}

BOOST_AUTO_TEST_CASE(keeps_to_its_limits) {
    HeadLimits small{64, 2};
    BOOST_TEST((read("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", small).step.status ==
                HeadStatus::complete));
    BOOST_TEST((read("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", small).step.status ==
                HeadStatus::broken));
    const std::string long_head = "GET /" + std::string(80, 'a') + " HTTP/1.1\r\n\r\n";
    BOOST_TEST((read(long_head, small).step.status == HeadStatus::broken));
    // Still short of the limit and unfinished: wait. At the limit without an end: broken.
    BOOST_TEST((read(std::string(63, 'G'), small).step.status == HeadStatus::need_more));
    BOOST_TEST((read(std::string(64, 'G'), small).step.status == HeadStatus::broken));
}

BOOST_AUTO_TEST_SUITE_END()
