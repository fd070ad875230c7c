// Flash messages carried by the browser in a sealed cookie: showing one costs no disk write,
// and a visitor who is only told something leaves nothing on the server.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sealed_box.hpp"
#include "web/flash.hpp"

namespace orggate::web {

constexpr const char* kFlashCookie = "orggate_flash";
constexpr std::size_t kMaxFlashes = 5;
constexpr std::size_t kMaxFlashTextBytes = 500;  // GitHub's error_description comes from a URL

// One line per flash, each encoded like a query string; decoding drops malformed lines.
std::string encode_flashes(const std::vector<Flash>& flashes);
std::vector<Flash> decode_flashes(std::string_view text);

// The flashes of one request: those the browser brought, plus any added; take() empties it.
class FlashJar {
public:
    // `cookie` is the flash cookie as sent; anything the box cannot open counts as none.
    FlashJar(const crypto::SealedBox& box, const std::optional<std::string>& cookie);

    void add(Flash flash);
    std::vector<Flash> take();

    // The Set-Cookie value the response needs, or nullopt when the browser's copy is right.
    std::optional<std::string> set_cookie(bool https) const;

private:
    const crypto::SealedBox& box_;
    std::vector<Flash> flashes_;
    bool brought_ = false;  // the browser sent a flash cookie
    bool changed_ = false;
};

}  // namespace orggate::web
