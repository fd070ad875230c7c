// Lock stripes of the session folder that hold across threads and across processes.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>

#include "session/private_folder.hpp"
#include "session/session_file_name.hpp"

namespace orggate {

// One stripe per session shard. Taking a stripe locks its in-process mutex, then byte `stripe`
// of DIR/locks with an open-file-description lock (fcntl F_OFD_SETLKW): another process on the
// same folder (`orggate sessions end`) waits for a load-modify-save here to finish and the other
// way round. The mutex comes first, so threads of one process never wait in the kernel for each
// other, and a stripe costs two fcntl calls on the write path; readers take no stripe.
class StripeLocks {
public:
    // Opens (creating 0600 if needed) the lock file in `folder_fd`; throws StorageError.
    explicit StripeLocks(int folder_fd);

    // Holds one stripe until destroyed.
    class Guard {
    public:
        Guard(StripeLocks& locks, std::size_t stripe);
        ~Guard();
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;

    private:
        std::lock_guard<std::mutex> mutex_;
        int fd_;
        std::size_t stripe_;
    };

private:
    FileDescriptor file_;
    std::array<std::mutex, kSessionShards> mutexes_;
};

}  // namespace orggate
