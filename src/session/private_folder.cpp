// POSIX file operations for the session folder, each relative to an open folder descriptor.
#include "session/private_folder.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <utility>

#include "crypto/random.hpp"
#include "session/storage_error.hpp"

namespace orggate {
namespace {

[[noreturn]] void fail(const std::string& what) {
    throw StorageError(errno, what);
}

// Makes a rename, removal or creation inside `folder_fd` survive a power cut: until the folder
// itself is flushed, the new entry may exist only in memory. EINVAL: the file system cannot
// flush folders (nothing to wait for).
void sync_folder(int folder_fd) {
    if (::fsync(folder_fd) != 0 && errno != EINVAL) fail("cannot flush a folder");
}

// Creates each missing folder of `dir` as 0700; existing ones are left as they are.
void create_folders(const std::filesystem::path& dir) {
    std::filesystem::path partial;
    for (const auto& part : dir) {
        partial /= part;
        if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
            fail("cannot create folder " + dir.string());
        }
    }
}

// A new empty 0600 file under a fresh random name, so it is never an existing file or link.
std::pair<FileDescriptor, std::string> create_temp_file(int folder_fd, std::string_view prefix) {
    crypto::OpenSslTokenSource random;
    for (int attempt = 0; attempt < 8; ++attempt) {
        std::string name = std::string(prefix) + random.token(12);
        FileDescriptor fd(::openat(folder_fd, name.c_str(),
                                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (fd.valid()) return {std::move(fd), std::move(name)};
        if (errno != EEXIST) break;
    }
    fail("cannot create a temporary file");
}

// The errno of the failure, or 0 when everything was written.
int write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        // write() returning 0 for a non-empty buffer: the device took nothing, call it full.
        if (n == 0) return ENOSPC;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

std::int64_t nanoseconds(const timespec& time) {
    return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

FileStamp stamp_from(const struct stat& st) {
    return FileStamp{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                     static_cast<std::int64_t>(st.st_size), nanoseconds(st.st_mtim),
                     nanoseconds(st.st_ctim)};
}

}  // namespace

FileDescriptor::FileDescriptor(FileDescriptor&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

FileDescriptor::~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
}

int FileDescriptor::release() {
    return std::exchange(fd_, -1);
}

FileDescriptor open_private_folder(const std::filesystem::path& dir) {
    create_folders(dir);
    struct stat link {};
    if (::lstat(dir.c_str(), &link) != 0) fail("cannot use folder " + dir.string());
    if (S_ISLNK(link.st_mode)) throw std::runtime_error("folder is a symlink: " + dir.string());
    if (!S_ISDIR(link.st_mode)) throw std::runtime_error("not a folder: " + dir.string());
    // O_NOFOLLOW again: the folder may have been swapped for a link since lstat.
    FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat opened {};
    if (!fd.valid() || ::fstat(fd.get(), &opened) != 0) fail("cannot open folder " + dir.string());
    if ((opened.st_mode & 077) != 0 && ::fchmod(fd.get(), 0700) != 0) {
        fail("cannot make folder private: " + dir.string());
    }
    return fd;
}

FileDescriptor open_subfolder(int folder_fd, const std::string& name) {
    return FileDescriptor(
        ::openat(folder_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

bool means_missing(int error) {
    return error == ENOENT || error == ENOTDIR || error == ELOOP;
}

FileDescriptor create_subfolder(int folder_fd, const std::string& name) {
    if (::mkdirat(folder_fd, name.c_str(), 0700) == 0) {
        sync_folder(folder_fd);
    } else if (errno != EEXIST) {
        fail("cannot create a subfolder");
    }
    FileDescriptor fd = open_subfolder(folder_fd, name);
    if (!fd.valid()) fail("cannot open a subfolder");
    return fd;
}

std::optional<std::string> read_regular_file(int folder_fd, const std::string& name,
                                             std::size_t max_bytes, FileStamp* stamp) {
    // O_NONBLOCK so that a FIFO planted here cannot hang the reader.
    FileDescriptor fd(
        ::openat(folder_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) {
        // ELOOP: a link, refused like any file that is not a regular one.
        if (errno == ENOENT || errno == ELOOP) return std::nullopt;
        fail("cannot open a file");
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) fail("cannot inspect a file");
    if (!S_ISREG(st.st_mode)) return std::nullopt;
    if (stamp != nullptr) *stamp = stamp_from(st);
    // Files here are replaced by rename, never changed in place: once st_size bytes are in,
    // that is all of it, and no second read is needed to meet the end. One byte past the
    // limit is read so that the caller sees a file that is too large as one.
    const auto size = static_cast<std::size_t>(std::max<off_t>(st.st_size, 0));
    std::string bytes(std::min(size, max_bytes) + 1, '\0');
    std::size_t got = 0;
    while (got < bytes.size() && !(got == size && size <= max_bytes)) {
        const ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("cannot read a file");
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);
    return bytes;
}

// Readers see the old content or the new, never part of it: the new file is complete and on
// disk before rename swaps it in, and the folder is flushed before the write counts as done.
// rename replaces a link in the way instead of following it.
void replace_file(int folder_fd, const std::string& name, std::string_view bytes,
                  std::string_view temp_prefix) {
    auto [fd, temp] = create_temp_file(folder_fd, temp_prefix);
    int error = write_all(fd.get(), bytes);
    if (error == 0 && ::fsync(fd.get()) != 0) error = errno;
    if (::close(fd.release()) != 0 && error == 0) error = errno;
    if (error == 0 && ::renameat(folder_fd, temp.c_str(), folder_fd, name.c_str()) == 0) {
        sync_folder(folder_fd);
        return;
    }
    if (error == 0) error = errno;
    ::unlinkat(folder_fd, temp.c_str(), 0);
    throw StorageError(error, "cannot write a file");
}

void probe_writes(int folder_fd, std::string_view temp_prefix) {
    auto [fd, temp] = create_temp_file(folder_fd, temp_prefix);
    const int error = write_all(fd.get(), "ok");
    ::close(fd.release());
    ::unlinkat(folder_fd, temp.c_str(), 0);
    if (error != 0) throw StorageError(error, "cannot write a file");
}

void remove_file(int folder_fd, const std::string& name) {
    if (::unlinkat(folder_fd, name.c_str(), 0) == 0) {
        sync_folder(folder_fd);
    } else if (errno != ENOENT) {
        fail("cannot remove a file");
    }
}

bool try_remove_file(int folder_fd, const std::string& name) {
    return ::unlinkat(folder_fd, name.c_str(), 0) == 0;
}

bool create_empty_file(int folder_fd, const std::string& name) {
    FileDescriptor fd(::openat(folder_fd, name.c_str(),
                               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid()) {
        if (errno == EEXIST) return false;
        fail("cannot create a file");
    }
    sync_folder(folder_fd);
    return true;
}

bool try_remove_empty_subfolder(int folder_fd, const std::string& name) {
    return ::unlinkat(folder_fd, name.c_str(), AT_REMOVEDIR) == 0;
}

std::vector<std::string> list_folder(int folder_fd) {
    // A fresh descriptor, because closedir closes the one it is given.
    FileDescriptor fd(::openat(folder_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    DIR* dir = fd.valid() ? ::fdopendir(fd.get()) : nullptr;
    if (dir == nullptr) fail("cannot list a folder");
    fd.release();
    std::vector<std::string> names;
    int error = 0;
    for (;;) {
        // readdir returns null both at the end and on an error; only errno tells them apart.
        errno = 0;
        const dirent* entry = ::readdir(dir);
        if (entry == nullptr) {
            error = errno;
            break;
        }
        const std::string name = entry->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(dir);
    if (error != 0) throw StorageError(error, "cannot list a folder");
    return names;
}

std::optional<FileStamp> stamp_of(int folder_fd, const std::string& path) {
    struct stat st {};
    if (::fstatat(folder_fd, path.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
        fail("cannot inspect a file");
    }
    if (!S_ISREG(st.st_mode)) return std::nullopt;
    return stamp_from(st);
}

bool written_before(int folder_fd, const std::string& name, std::int64_t cutoff) {
    struct stat st {};
    return ::fstatat(folder_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
           S_ISREG(st.st_mode) && st.st_mtim.tv_sec < cutoff;
}

}  // namespace orggate
