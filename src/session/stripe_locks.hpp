// Lock stripes of the session folder that hold across threads and across processes.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>

#include "session/private_folder.hpp"
#include "session/session_file_name.hpp"

namespace orggate {

// One stripe per session shard. Taking a stripe locks its in-process mutex, then flock()s the
// shard's folder (created if missing): another process on the same folder (`orggate sessions
// end`) waits for a load-modify-save here to finish and the other way round. The mutex comes
// first, so threads of one process never wait in the kernel for each other. The folder is opened
// for each lock, read-only: no descriptor is kept, so a read-only remount of the disk still
// works, and a lock costs an open, a flock and a close on the write path; readers take none.
class StripeLocks {
public:
    // `folder_fd`: the session folder, owned by the caller and open as long as these locks.
    explicit StripeLocks(int folder_fd) : folder_fd_(folder_fd) {}

    // Holds one stripe until destroyed; throws StorageError when the shard folder cannot be
    // opened, created or locked (then nothing may be written there anyway).
    class Guard {
    public:
        Guard(StripeLocks& locks, std::size_t stripe);
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;

    private:
        std::lock_guard<std::mutex> mutex_;
        FileDescriptor shard_;  // closing it releases the flock
    };

private:
    int folder_fd_;
    std::array<std::mutex, kSessionShards> mutexes_;
};

}  // namespace orggate
