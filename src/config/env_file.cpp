// Parser for KEY=VALUE env files.
#include "config/env_file.hpp"

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

namespace orggate {
namespace {

std::string_view trim(std::string_view text) {
    const char* space = " \t\r";
    const auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

bool is_variable_name(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    }
    return true;
}

std::optional<std::string> unquote_double(std::string_view body) {
    std::string out;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\\') {
            out.push_back(body[i]);
            continue;
        }
        if (++i == body.size()) return std::nullopt;
        out.push_back(body[i] == 'n' ? '\n' : body[i]);
    }
    return out;
}

// A value is bare (up to a " #" comment), 'single-quoted' (literal) or "double-quoted".
std::optional<std::string> parse_value(std::string_view raw) {
    raw = trim(raw);
    if (raw.empty()) return std::string();
    const char quote = raw.front();
    if (quote != '"' && quote != '\'') {
        const auto comment = raw.find(" #");
        return std::string(trim(raw.substr(0, comment)));
    }
    std::size_t end = 1;
    while (end < raw.size() && raw[end] != quote)
        end += (quote == '"' && raw[end] == '\\') ? 2 : 1;
    if (end >= raw.size()) return std::nullopt;
    const std::string_view rest = trim(raw.substr(end + 1));
    if (!rest.empty() && rest.front() != '#') return std::nullopt;
    const std::string_view body = raw.substr(1, end - 1);
    return quote == '"' ? unquote_double(body) : std::string(body);
}

}  // namespace

EnvFileResult parse_env_file(std::string_view text) {
    EnvFileResult result;
    std::size_t line_number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        std::string_view line = trim(text.substr(0, newline));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        ++line_number;
        if (line.empty() || line.front() == '#') continue;
        if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
        const auto equals = line.find('=');
        const std::string_view name = trim(line.substr(0, equals));
        std::optional<std::string> value;
        if (equals != std::string_view::npos && is_variable_name(name)) {
            value = parse_value(line.substr(equals + 1));
        }
        if (!value) {
            result.problems.push_back("line " + std::to_string(line_number) +
                                      ": expected NAME=VALUE (quotes closed)");
            continue;
        }
        result.values[std::string(name)] = std::move(*value);
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
