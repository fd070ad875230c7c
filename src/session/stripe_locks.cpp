// Cross-process stripe locks: a mutex, then a one-byte OFD lock in the folder's lock file.
#include "session/stripe_locks.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "session/storage_error.hpp"

namespace orggate {
namespace {

const char* const kLockFile = "locks";

// Blocks until the byte is locked (F_WRLCK) or unlocked (F_UNLCK); retried on EINTR.
int lock_byte(int fd, std::size_t stripe, short type) {
    struct flock range {};
    range.l_type = type;
    range.l_whence = SEEK_SET;
    range.l_start = static_cast<off_t>(stripe);
    range.l_len = 1;
    int result;
    do {
        result = ::fcntl(fd, F_OFD_SETLKW, &range);
    } while (result != 0 && errno == EINTR);
    return result == 0 ? 0 : errno;
}

}  // namespace

StripeLocks::StripeLocks(int folder_fd)
    : file_(::openat(folder_fd, kLockFile, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600)) {
    if (!file_.valid()) throw StorageError(errno, "cannot open the session folder's lock file");
}

StripeLocks::Guard::Guard(StripeLocks& locks, std::size_t stripe)
    : mutex_(locks.mutexes_[stripe]), fd_(locks.file_.get()), stripe_(stripe) {
    // Locking a byte of a file we hold open fails only on a broken kernel or file system
    // (ENOLCK on some network file systems): then no write may go ahead unguarded.
    if (const int error = lock_byte(fd_, stripe_, F_WRLCK)) {
        throw StorageError(error, "cannot lock a session stripe");
    }
}

StripeLocks::Guard::~Guard() {
    // Closing is the only other way out of the lock; an unlock cannot fail on an open fd.
    lock_byte(fd_, stripe_, F_UNLCK);
}

}  // namespace orggate
