// Fuzzes the flash cookie's plaintext: decoding is bounded, and what it reads round-trips.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_property.hpp"
#include "web/flash_jar.hpp"

using namespace orggate::web;
using orggate::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto flashes = decode_flashes(text);
    require(flashes.size() <= kMaxFlashes, "decoding keeps at most kMaxFlashes");
    require(decode_flashes(encode_flashes(flashes)) == flashes, "flashes round-trip");
    return 0;
}
