// A small strict reader of Link headers: <target> then ;-parameters, values comma-separated.
#include "github/link_header.hpp"

#include <algorithm>
#include <cctype>

namespace orggate::github {
namespace {

// Reads one header field value left to right; every step says whether it could.
class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    bool done() const { return at_ >= text_.size(); }
    char peek() const { return done() ? '\0' : text_[at_]; }

    void skip_spaces() {
        while (!done() && (peek() == ' ' || peek() == '\t'))
            ++at_;
    }

    bool take(char c) {
        if (peek() != c || done()) return false;
        ++at_;
        return true;
    }

    // <URI>: anything printable but '<' and '>' and spaces (RFC 3986 has none of them).
    bool target(std::string& out) {
        if (!take('<')) return false;
        const std::size_t end = text_.find('>', at_);
        if (end == std::string_view::npos) return false;
        out.assign(text_.substr(at_, end - at_));
        at_ = end + 1;
        return !out.empty() && std::all_of(out.begin(), out.end(), [](unsigned char c) {
            return c > 0x20 && c < 0x7f && c != '<';
        });
    }

    // An RFC 7230 token, lower-cased.
    bool token(std::string& out) {
        out.clear();
        while (!done() && is_token_char(static_cast<unsigned char>(peek())))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(text_[at_++])));
        return !out.empty();
    }

    // A quoted-string with its backslash escapes undone.
    bool quoted(std::string& out) {
        out.clear();
        if (!take('"')) return false;
        while (!done()) {
            const char c = text_[at_++];
            if (c == '"') return true;
            if (c == '\\') {
                if (done()) return false;
                out += text_[at_++];
            } else {
                out += c;
            }
        }
        return false;
    }

private:
    static bool is_token_char(unsigned char c) {
        return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
                                      std::string_view::npos;
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

std::vector<std::string> split_rels(const std::string& value) {
    std::vector<std::string> rels;
    std::string rel;
    for (const char c : value + ' ') {
        if (c == ' ' || c == '\t') {
            if (!rel.empty()) rels.push_back(rel);
            rel.clear();
        } else {
            rel += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return rels;
}

// `; name=value` or `; name="value"` (or a bare `; name`) after a target.
bool parameter(Reader& reader, Link& link) {
    std::string name;
    std::string value;
    reader.skip_spaces();
    if (!reader.token(name)) return false;
    reader.skip_spaces();
    if (reader.take('=')) {
        reader.skip_spaces();
        if (!(reader.peek() == '"' ? reader.quoted(value) : reader.token(value))) return false;
    }
    // RFC 8288 3.3: a second rel parameter is ignored.
    if (name == "rel" && link.rels.empty()) link.rels = split_rels(value);
    return true;
}

bool link_value(Reader& reader, Link& link) {
    if (!reader.target(link.target)) return false;
    reader.skip_spaces();
    while (reader.take(';')) {
        if (!parameter(reader, link)) return false;
        reader.skip_spaces();
    }
    return true;
}

}  // namespace

std::optional<std::vector<Link>> parse_link_header(std::string_view header) {
    std::vector<Link> links;
    Reader reader(header);
    reader.skip_spaces();
    while (!reader.done()) {
        // Empty list elements (", ,") are allowed by the list syntax of RFC 7230 7.
        if (reader.take(',')) {
            reader.skip_spaces();
            continue;
        }
        Link link;
        if (!link_value(reader, link)) return std::nullopt;
        links.push_back(std::move(link));
        reader.skip_spaces();
        if (!reader.done() && !reader.take(',')) return std::nullopt;
        reader.skip_spaces();
    }
    return links;
}

std::optional<std::string> find_link(const std::vector<Link>& links, std::string_view rel) {
    for (const Link& link : links) {
        if (std::find(link.rels.begin(), link.rels.end(), rel) != link.rels.end()) {
            return link.target;
        }
    }
    return std::nullopt;
}

}  // namespace orggate::github
