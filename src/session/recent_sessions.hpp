// The sessions one thread parsed lately, each with the stamp of the file it came from, so that
// reading an unchanged session again costs one stat instead of two opens, a read and a parse.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "session/private_folder.hpp"
#include "session/session.hpp"

namespace orggate {

// A small direct-mapped table: a path has one slot, and a newer path takes it over. It belongs
// to one thread (FileSessionStore keeps one per thread), so reading it takes no lock. It never
// decides anything itself: the caller compares the stamp of the file on disk now with the one
// remembered, so a replaced or removed file is never answered from memory.
class RecentSessions {
public:
    static constexpr std::size_t kSlots = 64;

    struct Entry {
        std::string path;  // relative to the store's folder; empty while the slot is free
        FileStamp stamp;
        Session session;
    };

    // A file changed less than `settle_ns` before remember() is not kept: a file system whose
    // clock ticks coarsely could give its next version the very same stamp (same inode reused,
    // same size, same tick). Once a change time is older than any tick, a newer version always
    // shows as a newer change time.
    explicit RecentSessions(std::int64_t settle_ns) : settle_ns_(settle_ns) {}

    // What is remembered for `path`, or null.
    const Entry* find(const std::string& path) const;
    // Keeps `session` as read from the file with `stamp`, unless that file changed too lately
    // (`now_ns`: wall-clock nanoseconds, as file times are).
    void remember(const std::string& path, const FileStamp& stamp, const Session& session,
                  std::int64_t now_ns);
    void forget(const std::string& path);

private:
    static std::size_t slot_of(const std::string& path);

    std::int64_t settle_ns_;
    std::array<Entry, kSlots> slots_;
};

}  // namespace orggate
