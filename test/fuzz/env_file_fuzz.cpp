// Fuzzes parse_env_file: problems never echo a line, names are valid, values survive a write-back.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/env_file.hpp"
#include "fuzz_property.hpp"

using namespace orggate;

using orggate::fuzz::require;

namespace {

constexpr std::string_view kProblemText = ": expected NAME=VALUE (quotes closed)";

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
    return end > 5 && number >= 1 && number <= lines && text.substr(end) == kProblemText;
}

std::string double_quoted(const std::string& value) {
    std::string out = "\"";
    for (const char c : value) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
    return out + "\"";
}

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

    std::string written;
    for (const auto& [name, value] : result.values) {
        require(is_variable_name(name), "every name is a variable name");
        written += "export " + name + "=" + double_quoted(value) + "\n";
    }
    const EnvFileResult again = parse_env_file(written);
    require(again.problems.empty(), "values written back double-quoted parse without problems");
    require(again.values == result.values, "values written back double-quoted read back the same");
    return 0;
}
