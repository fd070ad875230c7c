// Fuzzes indent_json: for any JSON RapidJSON reads, indenting its compact form gives exactly
// what PrettyWriter writes, and never reads past the text whatever it is given.
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "json/json_document.hpp"
#include "json/json_indent.hpp"

using orggate::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // Anything at all: no crash, no read past the end (ASan watches).
    (void)orggate::indent_json(text);

    rapidjson::Document document;
    if (!orggate::parse_json_document(text, 64 * 1024, document)) return 0;
    rapidjson::StringBuffer compact;
    rapidjson::Writer<rapidjson::StringBuffer> writer(compact);
    if (!document.Accept(writer)) return 0;  // e.g. NaN, which Writer refuses
    rapidjson::StringBuffer pretty;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> pretty_writer(pretty);
    pretty_writer.SetIndent(' ', 2);
    document.Accept(pretty_writer);
    require(orggate::indent_json(std::string_view(compact.GetString(), compact.GetSize())) ==
                std::string(pretty.GetString(), pretty.GetSize()),
            "indent_json(compact(x)) == pretty(x)");
    return 0;
}
