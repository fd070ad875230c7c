// Fuzzes parse_duration: never throws; accepts only digits and one of s/m/h/d, exactly N*unit > 0.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "fuzz_property.hpp"

using namespace orggate;

using orggate::fuzz::require;

namespace {

// The expected seconds, computed in 128 bits so no input can overflow the check itself.
std::optional<__int128> expected_seconds(const std::string& text) {
    std::size_t digits = text.size();
    __int128 unit = 1;
    if (!text.empty() && !std::isdigit(static_cast<unsigned char>(text.back()))) {
        --digits;
        switch (text.back()) {
            case 's':
                unit = 1;
                break;
            case 'm':
                unit = 60;
                break;
            case 'h':
                unit = 3600;
                break;
            case 'd':
                unit = 86400;
                break;
            default:
                return std::nullopt;
        }
    }
    if (digits == 0 || digits > 30) return std::nullopt;
    __int128 number = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
        number = number * 10 + (text[i] - '0');
    }
    return number * unit;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::optional<std::int64_t> seconds = parse_duration(text);
    if (!seconds) return 0;

    require(*seconds > 0, "a duration is positive");
    const std::optional<__int128> expected = expected_seconds(text);
    require(expected.has_value(), "only digits and one unit letter are accepted");
    require(*expected == *seconds, "the result is the number times its unit");
    return 0;
}
