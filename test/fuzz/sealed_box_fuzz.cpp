// Fuzzes SealedBox::open: garbage, flipped or cut boxes never open; open(seal(x)) == x.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/encoding.hpp"
#include "crypto/sealed_box.hpp"
#include "fuzz_property.hpp"

using namespace orggate::crypto;

using orggate::fuzz::require;

namespace {

constexpr std::string_view kSecret = "fuzz-secret-key-of-at-least-32-random-bytes";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const SealedBox box(kSecret, "github-token");
    static const SealedBox other_purpose(kSecret, "session");
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    require(!box.open(text).has_value(), "garbage never opens");

    const std::string sealed = box.seal(text);
    require(box.open(sealed) == std::string(text), "open(seal(x)) == x");
    require(!other_purpose.open(sealed).has_value(), "a key for another purpose cannot open it");

    // Flip one bit of the sealed bytes (nonce, ciphertext or tag), chosen by the input.
    std::string raw = *base64url_decode(sealed);
    const std::size_t at = size == 0 ? 0 : data[0] % raw.size();
    const int bit = size < 2 ? 0 : data[1] % 8;
    raw[at] = static_cast<char>(raw[at] ^ (1 << bit));
    require(!box.open(base64url_encode(raw)).has_value(), "a flipped bit never opens");
    raw[at] = static_cast<char>(raw[at] ^ (1 << bit));
    raw.pop_back();
    require(!box.open(base64url_encode(raw)).has_value(), "a cut value never opens");
    return 0;
}
