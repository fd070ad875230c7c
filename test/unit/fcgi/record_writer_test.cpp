// FastCGI records as nginx will read them: exact headers, long answers split, one end.
#include "fcgi/record_writer.hpp"

#include <fastcgi.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "fcgi/request_reader.hpp"

using namespace orggate::fcgi;

namespace {

struct Record {
    unsigned type;
    unsigned id;
    std::string content;
};

std::vector<Record> split_records(const std::string& bytes) {
    std::vector<Record> out;
    std::size_t at = 0;
    while (at < bytes.size()) {
        BOOST_REQUIRE_GE(bytes.size() - at, 8u);
        const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[at + i]); };
        BOOST_REQUIRE_EQUAL(byte(0), 1u);
        const std::size_t length = byte(4) << 8 | byte(5);
        out.push_back(
            {byte(1), static_cast<unsigned>(byte(2) << 8 | byte(3)), bytes.substr(at + 8, length)});
        at += 8 + length + byte(6);
    }
    BOOST_REQUIRE_EQUAL(at, bytes.size());
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(record_writer)

BOOST_AUTO_TEST_CASE(a_small_answer_is_head_body_end_of_stream_and_end_request) {
    const std::string bytes = encode_response(0x0102, "Status: 200 OK\r\n\r\n", "hi");
    const std::string expected = std::string("\x01\x06\x01\x02\x00\x12\x00\x00", 8) +
                                 "Status: 200 OK\r\n\r\n" +
                                 std::string("\x01\x06\x01\x02\x00\x02\x00\x00", 8) + "hi" +
                                 std::string("\x01\x06\x01\x02\x00\x00\x00\x00", 8) +
                                 std::string("\x01\x03\x01\x02\x00\x08\x00\x00", 8) +
                                 std::string("\x00\x00\x00\x00\x00\x00\x00\x00", 8);
    BOOST_TEST(bytes == expected);
}

BOOST_AUTO_TEST_CASE(a_long_body_is_split_into_records_of_at_most_65535_bytes) {
    std::string body(200'000, 'b');
    body[0] = 'A';
    body.back() = 'Z';
    const std::vector<Record> records = split_records(encode_response(1, "H\r\n\r\n", body));
    std::string stdout_bytes;
    for (std::size_t i = 0; i + 2 < records.size(); ++i) {
        BOOST_TEST(records[i].type == unsigned{FCGI_STDOUT});
        BOOST_TEST(records[i].content.size() > 0u);
        BOOST_TEST(records[i].content.size() <= 65535u);
        stdout_bytes += records[i].content;
    }
    BOOST_TEST(stdout_bytes == "H\r\n\r\n" + body);
    BOOST_TEST(records[records.size() - 2].type == unsigned{FCGI_STDOUT});
    BOOST_TEST(records[records.size() - 2].content.empty());
    BOOST_TEST(records.back().type == unsigned{FCGI_END_REQUEST});
}

BOOST_AUTO_TEST_CASE(a_head_only_answer_has_no_empty_record_before_the_end_of_stream) {
    const std::vector<Record> records = split_records(encode_response(1, "H\r\n\r\n", ""));
    BOOST_REQUIRE_EQUAL(records.size(), 3u);
    BOOST_TEST(records[0].content == "H\r\n\r\n");
    BOOST_TEST(records[1].content.empty());
}

BOOST_AUTO_TEST_CASE(name_value_pairs_read_back_with_short_and_long_lengths) {
    std::string bytes;
    append_name_value(bytes, "A", std::string(127, 'x'));
    append_name_value(bytes, std::string(128, 'n'), std::string(70'000, 'v'));
    FcgiRequest request;
    request.params_bytes = bytes;
    BOOST_REQUIRE(decode_params(request.params_bytes, request));
    BOOST_TEST(request.param("A") == std::string(127, 'x'));
    BOOST_TEST(request.param(std::string(128, 'n')) == std::string(70'000, 'v'));
    BOOST_TEST(bytes.size() == 2 + 1 + 127 + 8 + 128 + 70'000);
}

BOOST_AUTO_TEST_SUITE_END()
