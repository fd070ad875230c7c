// Cross-process stripe locks: a mutex, then flock() on the shard's folder.
#include "session/stripe_locks.hpp"

#include <sys/file.h>

#include <cerrno>

#include "session/storage_error.hpp"

namespace orggate {
namespace {

// The shard folder, created when missing (the write under the lock would create it anyway).
FileDescriptor open_shard(int folder_fd, std::size_t stripe) {
    const std::string name = session_shard_name(stripe);
    FileDescriptor shard = open_subfolder(folder_fd, name);
    if (shard.valid()) return shard;
    if (!means_missing(errno)) throw StorageError(errno, "cannot open a session shard folder");
    return create_subfolder(folder_fd, name);
}

int locked(int fd) {
    int result;
    do {
        result = ::flock(fd, LOCK_EX);
    } while (result != 0 && errno == EINTR);
    return result == 0 ? 0 : errno;
}

}  // namespace

StripeLocks::Guard::Guard(StripeLocks& locks, std::size_t stripe)
    : mutex_(locks.mutexes_[stripe]), shard_(open_shard(locks.folder_fd_, stripe)) {
    if (const int error = locked(shard_.get())) {
        throw StorageError(error, "cannot lock a session shard folder");
    }
}

}  // namespace orggate
