// Parser for KEY=VALUE env files, in step with systemd's (src/basic/env-file.c).
#include "config/env_file.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

namespace orggate {
namespace {

// What systemd skips around names and values (a newline or carriage return ends its line).
constexpr const char* kBlank = " \t";
// Inside double quotes a backslash takes these literally and keeps itself before anything else.
constexpr const char* kEscapable = "\"\\`$";

// A value, or why the line cannot be taken.
struct Parsed {
    std::string value;
    const char* problem = nullptr;
};

Parsed refuse(const char* why) {
    return {{}, why};
}

std::string_view trim_left(std::string_view text) {
    const auto first = text.find_first_not_of(kBlank);
    return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

std::string_view trim(std::string_view text) {
    text = trim_left(text);
    return text.substr(0, text.find_last_not_of(kBlank) + 1);
}

bool is_variable_name(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    }
    return true;
}

// How many bytes a UTF-8 sequence starting with `lead` has; 0 if it cannot start one.
std::size_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xe) return 3;
    if ((lead >> 3) == 0x1e) return 4;
    return 0;
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF): systemd
// refuses the whole file otherwise.
bool is_utf8(std::string_view text) {
    constexpr std::uint32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = utf8_length(lead);
        if (length == 0 || i + length > text.size()) return false;
        std::uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) return false;
            code = (code << 6) | (next & 0x3f);
        }
        if (code < kShortest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
            return false;
        i += length;
    }
    return true;
}

// Older systemd versions drop a value with control characters (tab aside) without a word.
bool has_control_character(std::string_view text) {
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7f) return true;
    }
    return false;
}

// After a closing quote systemd appends whatever follows, so `"a" # b` is `a# b` there.
Parsed after_closing_quote(std::string value, std::string_view rest) {
    if (!trim(rest).empty()) {
        return refuse("text after the closing quote (systemd would add it to the value)");
    }
    return {std::move(value)};
}

Parsed parse_single_quoted(std::string_view raw) {
    const auto end = raw.find('\'', 1);
    if (end == std::string_view::npos) return refuse("a quote that is not closed on its line");
    return after_closing_quote(std::string(raw.substr(1, end - 1)), raw.substr(end + 1));
}

Parsed parse_double_quoted(std::string_view raw) {
    std::string value;
    std::size_t i = 1;
    for (; i < raw.size() && raw[i] != '"'; ++i) {
        if (raw[i] != '\\') {
            value.push_back(raw[i]);
            continue;
        }
        if (++i == raw.size()) return refuse("a quote that is not closed on its line");
        if (std::strchr(kEscapable, raw[i]) == nullptr) value.push_back('\\');
        value.push_back(raw[i]);
    }
    if (i >= raw.size()) return refuse("a quote that is not closed on its line");
    return after_closing_quote(std::move(value), raw.substr(i + 1));
}

Parsed parse_bare(std::string_view raw) {
    const std::string_view value = trim(raw);
    if (value.find('\\') != std::string_view::npos) {
        return refuse("a backslash in an unquoted value (systemd drops it): use 'single quotes'");
    }
    if (value.front() == '#' || value.find(" #") != std::string_view::npos ||
        value.find("\t#") != std::string_view::npos) {
        return refuse(
            "an unquoted value with a # after a space (systemd keeps it as part of the value): "
            "put comments on their own line, or quote the value");
    }
    return {std::string(value)};
}

Parsed parse_value(std::string_view raw) {
    raw = trim_left(raw);
    if (raw.empty()) return {};
    Parsed parsed = raw.front() == '\''  ? parse_single_quoted(raw)
                    : raw.front() == '"' ? parse_double_quoted(raw)
                                         : parse_bare(raw);
    if (parsed.problem != nullptr) return parsed;
    if (!is_utf8(parsed.value)) return refuse("a value that is not valid UTF-8");
    if (has_control_character(parsed.value)) return refuse("a control character in the value");
    return parsed;
}

// One line, without its newline: nothing to do, a problem, or a NAME and its value.
Parsed parse_line(std::string_view line, std::string& name) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_of(std::string_view("\r\0", 2)) != std::string_view::npos) {
        return refuse("a carriage return or NUL byte inside the line");
    }
    line = trim_left(line);
    if (line.empty()) return {};
    if (line.front() == '#' || line.front() == ';') {
        // Up to systemd 253 such a comment swallows the next line too; from 254 on it does not.
        if (line.back() == '\\') return refuse("a comment ending in a backslash");
        return {};
    }
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) return refuse("expected NAME=VALUE");
    const std::string_view key = trim(line.substr(0, equals));
    if (key.rfind("export", 0) == 0 && key.size() > 6 && std::strchr(kBlank, key[6])) {
        return refuse("`export` is not understood by systemd: remove it");
    }
    if (!is_variable_name(key)) {
        return refuse("the name must be letters, digits and _, not starting with a digit");
    }
    name = std::string(key);
    return parse_value(line.substr(equals + 1));
}

}  // namespace

EnvFileResult parse_env_file(std::string_view text) {
    EnvFileResult result;
    std::size_t line_number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        ++line_number;
        std::string name;
        Parsed parsed = parse_line(line, name);
        if (parsed.problem != nullptr) {
            result.problems.push_back("line " + std::to_string(line_number) + ": " +
                                      parsed.problem);
        } else if (!name.empty()) {
            result.values[name] = std::move(parsed.value);
        }
    }
    return result;
}

EnvFileResult read_env_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return {{}, {"cannot read the env file " + path}};
    std::ostringstream text;
    text << file.rdbuf();
    EnvFileResult result = parse_env_file(text.str());
    for (std::string& problem : result.problems)
        problem = path + ": " + problem;
    return result;
}

}  // namespace orggate
