// Fuzzes parse_env_file: problems never echo a line, names are valid, values survive a write-back,
// and a file read without problems means the same to a model of systemd's EnvironmentFile= reader
// (with the comment rule of systemd up to 253 and of 254 on).
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "config/env_file.hpp"
#include "fuzz_property.hpp"

using namespace orggate;

using orggate::fuzz::require;

namespace {

// Every reason parse_env_file gives; none carries text from the line.
constexpr std::string_view kReasons[] = {
    "a carriage return or NUL byte inside the line",
    "a comment ending in a backslash",
    "expected NAME=VALUE",
    "`export` is not understood by systemd: remove it",
    "the name must be letters, digits and _, not starting with a digit",
    "a quote that is not closed on its line",
    "text after the closing quote (systemd would add it to the value)",
    "a backslash in an unquoted value (systemd drops it): use 'single quotes'",
    "an unquoted value with a # after a space (systemd keeps it as part of the value): put "
    "comments on their own line, or quote the value",
    "a value that is not valid UTF-8",
    "a control character in the value",
};

bool is_reason(std::string_view text) {
    for (const std::string_view reason : kReasons) {
        if (text == reason) return true;
    }
    return false;
}

bool is_variable_name(const std::string& name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
    for (const char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    }
    return true;
}

// "line N: ..." with 1 <= N <= lines, and nothing taken from the line itself.
bool is_bare_problem(const std::string& problem, std::size_t lines) {
    const std::string_view text(problem);
    if (text.substr(0, 5) != "line ") return false;
    std::size_t end = 5;
    std::size_t number = 0;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) && end < 25)
        number = number * 10 + static_cast<std::size_t>(text[end++] - '0');
    return end > 5 && number >= 1 && number <= lines && text.substr(end, 2) == ": " &&
           is_reason(text.substr(end + 2));
}

// As systemd unescapes it: a backslash before \ " ` $ stands for the character.
std::string double_quoted(const std::string& value) {
    std::string out = "\"";
    for (const char c : value) {
        if (c == '\\' || c == '"' || c == '`' || c == '$') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

bool has_control_character(const std::string& value) {
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7f) return true;
    }
    return false;
}

// systemd's reader (src/basic/env-file.c, 247 and later), state by state: what a unit started
// with EnvironmentFile= gets. Names that are not variable names are dropped, as systemd drops
// them with a warning; `old_comments`: a backslash in a comment swallows the next character,
// a newline included (up to 253).
class SystemdModel {
public:
    explicit SystemdModel(bool old_comments) : old_comments_(old_comments) {}

    std::map<std::string, std::string> read(std::string_view text) {
        for (const char c : text) {
            if (c == '\0') break;  // systemd reads the file as a C string
            step(c);
        }
        if (state_ != kPreKey && state_ != kKey && state_ != kComment && state_ != kCommentEscape)
            push(state_ == kValue);
        return values_;
    }

private:
    enum State {
        kPreKey,
        kKey,
        kPreValue,
        kValue,
        kValueEscape,
        kSingle,
        kDouble,
        kDoubleEscape,
        kComment,
        kCommentEscape
    };

    static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
    static bool newline(char c) { return c == '\n' || c == '\r'; }

    void push(bool chomp) {
        if (chomp && value_blank_ != std::string::npos) value_.resize(value_blank_);
        if (key_blank_ != std::string::npos) key_.resize(key_blank_);
        if (is_variable_name(key_)) values_[key_] = value_;
        key_.clear();
        value_.clear();
    }

    void step(char c) {
        switch (state_) {
            case kPreKey:
                if (c == '#' || c == ';') {
                    state_ = kComment;
                } else if (!blank(c)) {
                    state_ = kKey;
                    key_blank_ = std::string::npos;
                    key_.push_back(c);
                }
                break;
            case kKey:
                if (newline(c)) {
                    state_ = kPreKey;
                    key_.clear();
                } else if (c == '=') {
                    state_ = kPreValue;
                    value_blank_ = std::string::npos;
                } else {
                    if (!blank(c)) {
                        key_blank_ = std::string::npos;
                    } else if (key_blank_ == std::string::npos) {
                        key_blank_ = key_.size();
                    }
                    key_.push_back(c);
                }
                break;
            case kPreValue:
                if (newline(c)) {
                    state_ = kPreKey;
                    push(false);
                } else if (c == '\'') {
                    state_ = kSingle;
                } else if (c == '"') {
                    state_ = kDouble;
                } else if (c == '\\') {
                    state_ = kValueEscape;
                } else if (!blank(c)) {
                    state_ = kValue;
                    value_.push_back(c);
                }
                break;
            case kValue:
                if (newline(c)) {
                    state_ = kPreKey;
                    push(true);
                } else if (c == '\\') {
                    state_ = kValueEscape;
                    value_blank_ = std::string::npos;
                } else {
                    if (!blank(c)) {
                        value_blank_ = std::string::npos;
                    } else if (value_blank_ == std::string::npos) {
                        value_blank_ = value_.size();
                    }
                    value_.push_back(c);
                }
                break;
            case kValueEscape:
                state_ = kValue;
                if (!newline(c)) value_.push_back(c);
                break;
            case kSingle:
                if (c == '\'') {
                    state_ = kPreValue;
                } else {
                    value_.push_back(c);
                }
                break;
            case kDouble:
                if (c == '"') {
                    state_ = kPreValue;
                } else if (c == '\\') {
                    state_ = kDoubleEscape;
                } else {
                    value_.push_back(c);
                }
                break;
            case kDoubleEscape:
                state_ = kDouble;
                if (c == '"' || c == '\\' || c == '`' || c == '$') {
                    value_.push_back(c);
                } else if (c != '\n') {
                    value_.push_back('\\');
                    value_.push_back(c);
                }
                break;
            case kComment:
                if (c == '\\') {
                    state_ = kCommentEscape;
                } else if (newline(c)) {
                    state_ = kPreKey;
                }
                break;
            case kCommentEscape:
                state_ = (!old_comments_ && newline(c)) ? kPreKey : kComment;
                break;
        }
    }

    const bool old_comments_;
    State state_ = kPreKey;
    std::string key_;
    std::string value_;
    std::size_t key_blank_ = std::string::npos;
    std::size_t value_blank_ = std::string::npos;
    std::map<std::string, std::string> values_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const EnvFileResult result = parse_env_file(text);

    // Lines as the parser counts them: a final line needs no newline.
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                              (text.empty() || text.back() == '\n' ? 0 : 1);
    for (const std::string& problem : result.problems) {
        require(is_bare_problem(problem, lines), "a problem is \"line N: why\" and nothing more");
    }

    if (result.problems.empty()) {
        require(SystemdModel(true).read(text) == result.values,
                "a file read without problems means the same to systemd up to 253");
        require(SystemdModel(false).read(text) == result.values,
                "a file read without problems means the same to systemd 254 and later");
    }

    std::string written;
    for (const auto& [name, value] : result.values) {
        require(is_variable_name(name), "every name is a variable name");
        require(!has_control_character(value), "no value holds a newline or control character");
        written += name + "=" + double_quoted(value) + "\n";
    }
    const EnvFileResult again = parse_env_file(written);
    require(again.problems.empty(), "values written back double-quoted parse without problems");
    require(again.values == result.values, "values written back double-quoted read back the same");
    return 0;
}
