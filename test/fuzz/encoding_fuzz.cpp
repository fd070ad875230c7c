// Fuzzes base64url_decode: accepts exactly valid text; encode(decode(x)) decodes to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/encoding.hpp"
#include "fuzz_property.hpp"

using namespace orggate::crypto;

using orggate::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const std::optional<std::string> decoded = base64url_decode(text);
    require(decoded.has_value() == (is_base64url(text) && text.size() % 4 != 1),
            "decode accepts exactly base64url text whose length is not 4n+1");
    if (decoded) {
        require(decoded->size() == text.size() * 3 / 4, "6 bits per character, whole bytes");
        const std::string encoded = base64url_encode(*decoded);
        require(encoded.size() == text.size(), "re-encoding has the same length");
        require(base64url_decode(encoded) == decoded, "decode(encode(decode(x))) == decode(x)");
    }

    // The same bytes taken as raw data.
    const std::string encoded = base64url_encode(text);
    require(is_base64url(encoded), "encode emits only the base64url alphabet");
    require(base64url_decode(encoded) == std::string(text), "decode(encode(bytes)) == bytes");
    const std::string hex = hex_encode(text);
    require(hex.size() == 2 * text.size(), "hex is two digits a byte");
    require(hex.find_first_not_of("0123456789abcdef") == std::string::npos, "hex is lower-case");
    return 0;
}
