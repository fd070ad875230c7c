// Fuzzes percent_decode and parse_params: what they decode survives encode+decode unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_property.hpp"
#include "http/query.hpp"

using namespace orggate::http;

using orggate::fuzz::require;

namespace {

bool is_encoded_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '%';
}

// The query of `url`: after its first '?', up to its first '#'.
std::string_view query_of(std::string_view url) {
    url = url.substr(0, url.find('#'));
    const auto question = url.find('?');
    return question == std::string_view::npos ? std::string_view() : url.substr(question + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    for (const bool plus_is_space : {false, true}) {
        const auto decoded = percent_decode(text, plus_is_space);
        if (!decoded) continue;
        require(decoded->size() <= text.size(), "decoding never grows the text");
        require(percent_decode(percent_encode(*decoded), plus_is_space) == decoded,
                "percent_decode(percent_encode(decoded)) == decoded");
    }

    const std::string encoded = percent_encode(text);
    for (const char c : encoded)
        require(is_encoded_char(c), "percent_encode emits unreserved or %");
    require(percent_decode(encoded, true) == std::string(text), "any bytes survive encode+decode");

    const Params params = parse_params(text);
    require(parse_params(encode_params(params)) == params,
            "parse_params(encode_params(parse_params(x))) == parse_params(x)");
    for (const auto& [name, value] : params) {
        require(find_param(params, name).has_value(), "find_param finds every parsed name");
    }

    // Whatever the URL and value, the added pair is the query's last and reads back unchanged.
    const std::string url = append_param(text, "next", text);
    const Params added = parse_params(query_of(url));
    require(!added.empty() && added.back().first == "next" && added.back().second == text,
            "append_param adds exactly name=value at the end of the query");
    return 0;
}
