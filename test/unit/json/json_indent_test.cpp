// indent_json lays compact JSON out exactly as RapidJSON's PrettyWriter does.
#include "json/json_indent.hpp"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/test/unit_test.hpp>
#include <string>

using orggate::indent_json;

namespace {

std::string written(const char* json, bool pretty) {
    rapidjson::Document document;
    document.Parse(json);
    BOOST_REQUIRE(!document.HasParseError());
    rapidjson::StringBuffer buffer;
    if (pretty) {
        rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
        writer.SetIndent(' ', 2);
        document.Accept(writer);
    } else {
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        document.Accept(writer);
    }
    return buffer.GetString();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_indent)

BOOST_AUTO_TEST_CASE(matches_pretty_writer_for_every_kind_of_value) {
    const char* cases[] = {
        R"({"login":"octocat","id":1,"site_admin":false,"name":null,"score":-1.5e3})",
        R"({"a":{},"b":[],"c":[1,2,[3,{}]],"d":{"e":{"f":[]}}})",
        R"({"tricky":"braces { } [ ] , : and \"quotes\" \\ and \u0001 and ü 日本"})",
        R"(["x",{"y":"z"},[],[[]],true])",
        R"("just a string")",
        R"(42)",
        R"({})",
    };
    for (const char* json : cases) {
        const std::string compact = written(json, false);
        BOOST_TEST(indent_json(compact) == written(json, true), "for " << json);
    }
}

BOOST_AUTO_TEST_CASE(lays_out_a_profile_as_the_page_shows_it) {
    BOOST_TEST(indent_json(R"({"login":"octocat","plan":{"name":"free"},"ids":[1,2]})") ==
               "{\n"
               "  \"login\": \"octocat\",\n"
               "  \"plan\": {\n"
               "    \"name\": \"free\"\n"
               "  },\n"
               "  \"ids\": [\n"
               "    1,\n"
               "    2\n"
               "  ]\n"
               "}");
}

BOOST_AUTO_TEST_SUITE_END()
