// The per-thread table of parsed sessions and the rule for what it may keep.
#include "session/recent_sessions.hpp"

#include <functional>

namespace orggate {

std::size_t RecentSessions::slot_of(const std::string& path) {
    return std::hash<std::string>{}(path) % kSlots;
}

const RecentSessions::Entry* RecentSessions::find(const std::string& path) const {
    const Entry& entry = slots_[slot_of(path)];
    return !entry.path.empty() && entry.path == path ? &entry : nullptr;
}

void RecentSessions::remember(const std::string& path, const FileStamp& stamp,
                              const Session& session, std::int64_t now_ns) {
    Entry& entry = slots_[slot_of(path)];
    if (now_ns - stamp.changed_ns < settle_ns_) {
        if (entry.path == path) entry.path.clear();
        return;
    }
    entry.path = path;
    entry.stamp = stamp;
    entry.session = session;
}

void RecentSessions::forget(const std::string& path) {
    Entry& entry = slots_[slot_of(path)];
    if (entry.path == path) entry.path.clear();
}

}  // namespace orggate
