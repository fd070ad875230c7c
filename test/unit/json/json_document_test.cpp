// The bounds on untrusted JSON: size, NUL bytes and nesting depth.
#include "json/json_document.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace orggate;

BOOST_AUTO_TEST_SUITE(json_document)

BOOST_AUTO_TEST_CASE(parses_one_json_value) {
    rapidjson::Document document;
    BOOST_TEST(parse_json_document(R"({"a":[1,2,{"b":null}]})", 100, document));
    BOOST_TEST(document.IsObject());
}

BOOST_AUTO_TEST_CASE(refuses_text_longer_than_the_limit) {
    rapidjson::Document document;
    BOOST_TEST(!parse_json_document("[1,2,3]", 6, document));
    BOOST_TEST(parse_json_document("[1,2,3]", 7, document));
}

BOOST_AUTO_TEST_CASE(refuses_a_raw_nul_byte_even_after_a_complete_value) {
    rapidjson::Document document;
    BOOST_TEST(!parse_json_document(std::string("{}\0{", 4), 100, document));
}

BOOST_AUTO_TEST_CASE(refuses_nesting_deeper_than_the_limit) {
    rapidjson::Document document;
    const std::string at_limit = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    const std::string too_deep = "[" + at_limit + "]";
    BOOST_TEST(parse_json_document(at_limit, 1000, document));
    BOOST_TEST(!parse_json_document(too_deep, 1000, document));
}

BOOST_AUTO_TEST_CASE(brackets_inside_strings_do_not_count_as_nesting) {
    rapidjson::Document document;
    const std::string text = R"({"a":")" + std::string(100, '[') + R"(\"{"})";
    BOOST_TEST(parse_json_document(text, 1000, document));
}

BOOST_AUTO_TEST_SUITE_END()
