// The per-user index: marker files, the login and the re-check's record, per GitHub user id.
#include "session/user_index.hpp"

#include <cerrno>
#include <charconv>

#include "session/private_folder.hpp"
#include "session/session_file_name.hpp"
#include "session/storage_error.hpp"

namespace orggate {
namespace {

const std::string kUsersFolder = "users";
const std::string kLoginFile = "login";
const std::string kRecordFile = "record.json";
const std::string kEndedFile = "ended_at";
// In DIR/users/: no user folder is named so (user_id_from_folder_name takes digits only).
const std::string kCompleteFile = ".complete";
constexpr std::string_view kTempPrefix = ".tmp-";
// Logins are at most 39 characters; records are small JSON.
constexpr std::size_t kMaxLoginBytes = 256;
constexpr std::size_t kMaxRecordBytes = 64 * 1024;

// An open folder, or invalid when it is not there; throws for any other failure.
FileDescriptor open_if_there(int parent_fd, const std::string& name) {
    FileDescriptor fd = open_subfolder(parent_fd, name);
    if (!fd.valid() && !means_missing(errno)) {
        throw StorageError(errno, "cannot open a user index folder");
    }
    return fd;
}

FileDescriptor open_user(int folder_fd, std::int64_t user_id) {
    const FileDescriptor users = open_if_there(folder_fd, kUsersFolder);
    if (!users.valid()) return FileDescriptor(-1);
    return open_if_there(users.get(), user_folder_name(user_id));
}

FileDescriptor create_user(int folder_fd, std::int64_t user_id) {
    const FileDescriptor users = create_subfolder(folder_fd, kUsersFolder);
    return create_subfolder(users.get(), user_folder_name(user_id));
}

}  // namespace

std::string user_folder_name(std::int64_t user_id) {
    return std::to_string(user_id);
}

std::optional<std::int64_t> user_id_from_folder_name(const std::string& name) {
    std::int64_t id = 0;
    const char* end = name.data() + name.size();
    const auto [stop, error] = std::from_chars(name.data(), end, id);
    if (error != std::errc() || stop != end || id <= 0 || user_folder_name(id) != name) {
        return std::nullopt;
    }
    return id;
}

std::mutex& UserIndex::lock_of(std::int64_t user_id) {
    return stripes_[static_cast<std::uint64_t>(user_id) % stripes_.size()];
}

void UserIndex::add(std::int64_t user_id, const std::string& login, const std::string& file) {
    std::lock_guard lock(lock_of(user_id));
    const FileDescriptor user = create_user(folder_fd_, user_id);
    // The login changes only with a new login, which makes a new marker: no read on refreshes.
    if (!create_empty_file(user.get(), file)) return;
    if (read_regular_file(user.get(), kLoginFile, kMaxLoginBytes) != login) {
        replace_file(user.get(), kLoginFile, login, kTempPrefix);
    }
}

// Flushed like every other removal, though a marker that comes back after a power cut is
// harmless: the sweep removes it.
void UserIndex::forget(std::int64_t user_id, const std::string& file) {
    try {
        const FileDescriptor user = open_user(folder_fd_, user_id);
        if (user.valid()) remove_file(user.get(), file);
    } catch (const StorageError&) {
        // The session itself is gone or changed already; only a marker is left for the sweep.
    }
}

bool UserIndex::has(std::int64_t user_id, const std::string& file) const {
    return stamp_of(folder_fd_, kUsersFolder + '/' + user_folder_name(user_id) + '/' + file)
        .has_value();
}

std::vector<std::int64_t> UserIndex::user_ids() const {
    const FileDescriptor users = open_if_there(folder_fd_, kUsersFolder);
    if (!users.valid()) return {};
    std::vector<std::int64_t> ids;
    for (const std::string& name : list_folder(users.get())) {
        if (const std::optional<std::int64_t> id = user_id_from_folder_name(name)) {
            ids.push_back(*id);
        }
    }
    return ids;
}

std::vector<IndexedUser> UserIndex::users() const {
    std::vector<IndexedUser> found;
    for (const std::int64_t id : user_ids()) {
        try {
            const FileDescriptor user = open_user(folder_fd_, id);
            if (!user.valid()) continue;  // removed by a sweep since the listing
            found.push_back(IndexedUser{
                id, read_regular_file(user.get(), kLoginFile, kMaxLoginBytes).value_or("")});
        } catch (const StorageError&) {
            // Listed with no login: its sessions (read by the caller) name the user anyway.
            found.push_back(IndexedUser{id, ""});
        }
    }
    return found;
}

std::vector<std::string> UserIndex::files_of(std::int64_t user_id) const {
    const FileDescriptor user = open_user(folder_fd_, user_id);
    if (!user.valid()) return {};
    std::vector<std::string> files;
    for (std::string& name : list_folder(user.get())) {
        if (is_session_file_name(name)) files.push_back(std::move(name));
    }
    return files;
}

void UserIndex::save_end_mark(std::int64_t user_id, const std::string& mark) {
    std::lock_guard lock(lock_of(user_id));
    const FileDescriptor user = create_user(folder_fd_, user_id);
    replace_file(user.get(), kEndedFile, mark, kTempPrefix);
}

std::optional<std::string> UserIndex::load_end_mark(std::int64_t user_id) const {
    const FileDescriptor user = open_user(folder_fd_, user_id);
    if (!user.valid()) return std::nullopt;
    return read_regular_file(user.get(), kEndedFile, kMaxLoginBytes);
}

std::optional<std::string> UserIndex::load_record(std::int64_t user_id) const {
    const FileDescriptor user = open_user(folder_fd_, user_id);
    if (!user.valid()) return std::nullopt;
    return read_regular_file(user.get(), kRecordFile, kMaxRecordBytes);
}

bool UserIndex::complete() const {
    const FileDescriptor users = open_if_there(folder_fd_, kUsersFolder);
    return users.valid() && stamp_of(users.get(), kCompleteFile).has_value();
}

void UserIndex::mark_complete() {
    const FileDescriptor users = create_subfolder(folder_fd_, kUsersFolder);
    replace_file(users.get(), kCompleteFile, "", kTempPrefix);
}

void UserIndex::save_record(std::int64_t user_id, const std::string& json) {
    if (json.size() > kMaxRecordBytes) throw std::runtime_error("user record too large to store");
    std::lock_guard lock(lock_of(user_id));
    const FileDescriptor user = create_user(folder_fd_, user_id);
    replace_file(user.get(), kRecordFile, json, kTempPrefix);
}

void UserIndex::forget_if_older(std::int64_t user_id, const std::string& file,
                                std::int64_t cutoff) {
    const FileDescriptor user = open_user(folder_fd_, user_id);
    if (user.valid() && written_before(user.get(), file, cutoff)) try_remove_file(user.get(), file);
}

// Under the user's lock, so that add() cannot put a marker into a folder being removed. Another
// process only ends sessions (it never adds markers), so it cannot race with this either.
void UserIndex::remove_if_unused(std::int64_t user_id, std::int64_t keep_ended_after) {
    std::lock_guard lock(lock_of(user_id));
    const FileDescriptor users = open_if_there(folder_fd_, kUsersFolder);
    if (!users.valid()) return;
    const std::string name = user_folder_name(user_id);
    const FileDescriptor user = open_if_there(users.get(), name);
    if (!user.valid()) return;
    for (const std::string& entry : list_folder(user.get())) {
        if (is_session_file_name(entry)) return;
    }
    if (stamp_of(user.get(), kEndedFile) &&
        !written_before(user.get(), kEndedFile, keep_ended_after)) {
        return;
    }
    for (const std::string& entry : list_folder(user.get()))
        try_remove_file(user.get(), entry);
    try_remove_empty_subfolder(users.get(), name);
}

}  // namespace orggate
