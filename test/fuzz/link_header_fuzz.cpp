// Fuzzes parse_link_header and the next-page check: targets are clean pieces of the header,
// the links it read survive being written out and read again, and a followed link stays on
// the API's /user/teams.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_property.hpp"
#include "github/link_header.hpp"
#include "github/user_teams.hpp"
#include "http/http_url.hpp"

using namespace orggate::github;

using orggate::fuzz::require;

namespace {

const std::string kApiUrl = "https://api.github.com";

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string written(const std::vector<Link>& links) {
    std::string header;
    for (const Link& link : links) {
        if (!header.empty()) header += ", ";
        header += "<" + link.target + ">";
        if (link.rels.empty()) continue;
        std::string rels;
        for (const std::string& rel : link.rels)
            rels += (rels.empty() ? "" : " ") + rel;
        header += "; rel=" + quoted(rels);
    }
    return header;
}

bool same(const std::vector<Link>& a, const std::vector<Link>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].target != b[i].target || a[i].rels != b[i].rels) return false;
    }
    return true;
}

void check_link(const std::string& header, const Link& link) {
    require(!link.target.empty(), "a target is never empty");
    require(header.find("<" + link.target + ">") != std::string::npos,
            "a target is a <piece> of the header");
    for (const unsigned char c : link.target)
        require(c > 0x20 && c < 0x7f && c != '<' && c != '>', "a target is printable, no <>");
    for (const std::string& rel : link.rels) {
        require(!rel.empty() && rel.find_first_of(" \t") == std::string::npos,
                "a relation is one non-empty word");
        for (const unsigned char c : rel)
            require(!(c >= 'A' && c <= 'Z'), "relations are lower-cased");
    }
    if (!is_teams_page_url(link.target, kApiUrl)) return;
    const std::string_view target(link.target);
    const auto base = orggate::http::parse_http_url(target.substr(0, target.find('?')));
    require(base && base->origin() == kApiUrl && base->path == "/user/teams",
            "a followed link is the API's own /user/teams");
    require(target.find('#') == std::string_view::npos, "a followed link has no fragment");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string header(reinterpret_cast<const char*>(data), size);
    const auto links = parse_link_header(header);
    if (!links) return 0;
    for (const Link& link : *links)
        check_link(header, link);
    if (const auto next = find_link(*links, "next")) {
        require(header.find("<" + *next + ">") != std::string::npos, "next is one of the targets");
    }
    const auto again = parse_link_header(written(*links));
    require(again.has_value(), "written-out links parse");
    require(same(*links, *again), "written-out links read back the same");
    return 0;
}
