// Flashes as lines "c=CATEGORY&t=TEXT[&u=URL&l=LINK]", sealed with AES-GCM in one cookie.
#include "web/flash_jar.hpp"

#include "http/cookie.hpp"
#include "http/query.hpp"

namespace orggate::web {
namespace {

// Long enough to be read after any redirect chain, short enough not to resurface days later.
constexpr std::int64_t kFlashCookieSeconds = 600;

std::string encode(const Flash& flash) {
    http::Params params{{"c", flash.category}, {"t", flash.text}};
    if (!flash.link_url.empty() || !flash.link_text.empty()) {
        params.emplace_back("u", flash.link_url);
        params.emplace_back("l", flash.link_text);
    }
    return http::encode_params(params);
}

std::optional<Flash> decode(std::string_view line) {
    const http::Params params = http::parse_params(line);
    auto category = http::find_param(params, "c");
    auto text = http::find_param(params, "t");
    if (!category || !text) return std::nullopt;
    return Flash{std::move(*category), std::move(*text), http::find_param(params, "u").value_or(""),
                 http::find_param(params, "l").value_or("")};
}

// Cut at a character boundary, so a long UTF-8 text stays valid UTF-8.
void truncate_utf8(std::string& text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
    text += "…";
}

}  // namespace

std::string encode_flashes(const std::vector<Flash>& flashes) {
    std::string text;
    for (const Flash& flash : flashes) {
        if (!text.empty()) text += '\n';
        text += encode(flash);
    }
    return text;
}

std::vector<Flash> decode_flashes(std::string_view text) {
    std::vector<Flash> flashes;
    while (!text.empty() && flashes.size() < kMaxFlashes) {
        const auto newline = text.find('\n');
        if (auto flash = decode(text.substr(0, newline))) flashes.push_back(std::move(*flash));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    }
    return flashes;
}

FlashJar::FlashJar(const crypto::SealedBox& box, const std::optional<std::string>& cookie)
    : box_(box), brought_(cookie.has_value()) {
    if (!cookie) return;
    if (const auto text = box_.open(*cookie)) flashes_ = decode_flashes(*text);
    // A cookie that did not open (forged, or sealed under an older key) is cleared.
    changed_ = flashes_.empty();
}

void FlashJar::add(Flash flash) {
    truncate_utf8(flash.text, kMaxFlashTextBytes);
    truncate_utf8(flash.link_text, kMaxFlashTextBytes);
    if (flash.link_url.size() > kMaxFlashTextBytes) flash.link_url.clear();
    flashes_.push_back(std::move(flash));
    if (flashes_.size() > kMaxFlashes) flashes_.erase(flashes_.begin());
    changed_ = true;
}

std::vector<Flash> FlashJar::take() {
    if (!flashes_.empty()) changed_ = true;
    std::vector<Flash> taken = std::move(flashes_);
    flashes_.clear();
    return taken;
}

std::optional<std::string> FlashJar::set_cookie(bool https) const {
    if (!changed_) return std::nullopt;
    http::CookieOptions options;
    options.secure = https;
    if (flashes_.empty()) {
        if (!brought_) return std::nullopt;
        options.expire = true;
        return http::set_cookie(kFlashCookie, "", options);
    }
    options.max_age = kFlashCookieSeconds;
    return http::set_cookie(kFlashCookie, box_.seal(encode_flashes(flashes_)), options);
}

}  // namespace orggate::web
