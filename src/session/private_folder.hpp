// Files in a private folder, POSIX: links never followed, replacement atomic and durable.
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

// Every failure below is a StorageError (session/storage_error.hpp) carrying the errno, unless
// said otherwise; "not there" is never one.

// Creates `dir` and missing parents as 0700, refuses a symlink or non-folder, tightens a
// looser mode to 0700, and opens it. Throws std::runtime_error naming the path.
FileDescriptor open_private_folder(const std::filesystem::path& dir);

// A subfolder of `folder_fd`, not through a link; invalid (errno set) when it cannot be opened.
FileDescriptor open_subfolder(int folder_fd, const std::string& name);
// True for an open_subfolder errno that means "no such subfolder": missing, a file, a link.
bool means_missing(int error);
// The same, created 0700 first if missing (and the parent flushed so the folder survives a
// power cut); throws when that fails.
FileDescriptor create_subfolder(int folder_fd, const std::string& name);

// Which file a name stood for and which version of it: files here are replaced by rename, never
// changed in place, so while the stamp is the same the bytes are the same. The change time
// counts too, being the one time nobody can set: a file put back in place with its old mtime
// still gets a new one.
struct FileStamp {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::int64_t size = 0;
    std::int64_t modified_ns = 0;
    std::int64_t changed_ns = 0;

    bool operator==(const FileStamp& other) const {
        return device == other.device && inode == other.inode && size == other.size &&
               modified_ns == other.modified_ns && changed_ns == other.changed_ns;
    }
    bool operator!=(const FileStamp& other) const { return !(*this == other); }
};

// The bytes of a regular file, at most max_bytes + 1 of them so an oversized file shows; nullopt
// when it is missing, a link or other non-regular file. Throws when it is there but cannot be
// read (EIO, EMFILE, ENOMEM...): a read error is not an absent file. `stamp`, when given, gets
// the stamp of the very file read.
std::optional<std::string> read_regular_file(int folder_fd, const std::string& name,
                                             std::size_t max_bytes, FileStamp* stamp = nullptr);

// The stamp of a regular file at `path` (relative to folder_fd, its last part not followed);
// nullopt when it is missing, a link or not a regular file. Throws on other failures.
std::optional<FileStamp> stamp_of(int folder_fd, const std::string& path);

// Writes `bytes` to a fresh 0600 file named temp_prefix + random, fsyncs it, renames it over
// `name` and fsyncs the folder. On failure removes the temporary file and throws; the old file
// is then untouched.
void replace_file(int folder_fd, const std::string& name, std::string_view bytes,
                  std::string_view temp_prefix);

// Creates, writes and removes a temporary file, without fsync: cheap enough for a health
// check, and a read-only or full disk still fails it. Throws on failure.
void probe_writes(int folder_fd, std::string_view temp_prefix);

// Removes `name` if present and fsyncs the folder; throws on any other failure.
void remove_file(int folder_fd, const std::string& name);
// Removes `name`, without fsync (for what may come back harmlessly: expired records, temporary
// files); false when it was not there or could not be removed.
bool try_remove_file(int folder_fd, const std::string& name);

// Creates an empty 0600 file `name` (not through a link) and fsyncs the folder; false when it was
// there already. Throws on any other failure.
bool create_empty_file(int folder_fd, const std::string& name);
// Removes the subfolder `name` if it is empty; false when it is not empty or not there.
bool try_remove_empty_subfolder(int folder_fd, const std::string& name);

// The names in the folder; throws when it cannot be listed.
std::vector<std::string> list_folder(int folder_fd);

// True for a regular file (not followed through a link) last written before `cutoff`, in Unix
// seconds.
bool written_before(int folder_fd, const std::string& name, std::int64_t cutoff);

}  // namespace orggate
