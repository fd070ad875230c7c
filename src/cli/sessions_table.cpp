// Laying out sessions for an operator's terminal.
#include "cli/sessions_table.hpp"

#include <time.h>

#include <algorithm>
#include <array>

namespace orggate::cli {
namespace {

using Row = std::array<std::string, 5>;

Row row_of(const StoredSession& stored) {
    const UserProfile& user = *stored.session.user;
    return {user.login, std::to_string(user.id), utc_time(stored.session.created_at),
            utc_time(stored.session.last_seen_at), stored.file.substr(0, kFilePrefixLength)};
}

std::string line_of(const Row& row, const std::array<std::size_t, 5>& widths) {
    std::string line;
    for (std::size_t column = 0; column < row.size(); ++column) {
        line += row[column];
        if (column + 1 < row.size())
            line += std::string(widths[column] - row[column].size() + 2, ' ');
    }
    return line + "\n";
}

}  // namespace

std::string utc_time(std::int64_t unix_seconds) {
    const time_t seconds = static_cast<time_t>(unix_seconds);
    tm parts{};
    if (::gmtime_r(&seconds, &parts) == nullptr) return std::to_string(unix_seconds);
    char text[32];
    ::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &parts);
    return text;
}

std::string sessions_table(std::vector<StoredSession> sessions) {
    sessions.erase(std::remove_if(sessions.begin(), sessions.end(),
                                  [](const StoredSession& s) { return !s.session.user; }),
                   sessions.end());
    std::sort(sessions.begin(), sessions.end(), [](const StoredSession& a, const StoredSession& b) {
        if (a.session.user->login != b.session.user->login) {
            return a.session.user->login < b.session.user->login;
        }
        return a.session.created_at < b.session.created_at;
    });
    std::vector<Row> rows{{"LOGIN", "ID", "CREATED", "LAST SEEN", "FILE"}};
    for (const StoredSession& stored : sessions)
        rows.push_back(row_of(stored));
    std::array<std::size_t, 5> widths{};
    for (const Row& row : rows)
        for (std::size_t column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], row[column].size());
    std::string table;
    for (const Row& row : rows)
        table += line_of(row, widths);
    return table;
}

}  // namespace orggate::cli
