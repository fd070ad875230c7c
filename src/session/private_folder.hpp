// Files in a private folder, POSIX: links never followed, replacement atomic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orggate {

// Owns one file descriptor.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(FileDescriptor&& other) noexcept;
    FileDescriptor& operator=(FileDescriptor&&) = delete;
    ~FileDescriptor();
    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release();

private:
    int fd_;
};

// Creates `dir` and missing parents as 0700, refuses a symlink or non-folder, tightens a
// looser mode to 0700, and opens it. Throws std::runtime_error naming the path.
FileDescriptor open_private_folder(const std::filesystem::path& dir);

// A subfolder of `folder_fd`, not through a link; invalid (errno set) when it cannot be opened.
FileDescriptor open_subfolder(int folder_fd, const std::string& name);
// The same, created 0700 first if missing; throws std::runtime_error when that fails.
FileDescriptor create_subfolder(int folder_fd, const std::string& name);

// The bytes of a regular file, at most max_bytes + 1 of them so an oversized file shows; nullopt
// when it is missing, a link or other non-regular file, or unreadable.
std::optional<std::string> read_regular_file(int folder_fd, const std::string& name,
                                             std::size_t max_bytes);

// Writes `bytes` to a fresh 0600 file named temp_prefix + random, fsyncs it and renames it over
// `name`. On failure removes the temporary file and throws std::runtime_error.
void replace_file(int folder_fd, const std::string& name, std::string_view bytes,
                  std::string_view temp_prefix);

// Creates, writes and removes a temporary file, without fsync: cheap enough for a health
// check, and a read-only or full disk still fails it. Throws std::runtime_error on failure.
void probe_writes(int folder_fd, std::string_view temp_prefix);

// Removes `name` if present; throws std::runtime_error on any other failure.
void remove_file(int folder_fd, const std::string& name);
// Removes `name`; false when it was not there or could not be removed.
bool try_remove_file(int folder_fd, const std::string& name);

std::vector<std::string> list_folder(int folder_fd);

// True for a regular file (not followed through a link) last written before `cutoff`, in Unix
// seconds.
bool written_before(int folder_fd, const std::string& name, std::int64_t cutoff);

}  // namespace orggate
