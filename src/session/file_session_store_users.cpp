// FileSessionStore per user: the index's upkeep in the sweep, and listing, ending and
// re-teaming a user's sessions through it (session/user_index.hpp).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>

#include "session/file_session_store.hpp"
#include "session/session_codec.hpp"
#include "session/storage_error.hpp"

namespace orggate {
namespace {

// A marker younger than this may belong to a session being written now (as for temp files).
constexpr std::int64_t kYoungMarkerSeconds = 60;
// An end is kept on record this long after its user's last session went: above the longest
// login deadline (ORGGATE_GITHUB_TIMEOUT is at most 60 s), so no login in flight misses it.
constexpr std::int64_t kEndedRecordSeconds = 180;

// Unique per end, even for two ends in one second from two processes: the time for a reader,
// then the wall clock in nanoseconds and the process id.
std::string end_mark(std::int64_t now) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    return std::to_string(now) + ' ' + std::to_string(ns) + ' ' + std::to_string(::getpid());
}

bool belongs_to(const Session& session, std::int64_t user_id) {
    return session.user && session.user->id == user_id;
}

}  // namespace

// The location of a session file named by the index; nullopt for a name that is not one.
std::optional<FileSessionStore::Location> FileSessionStore::locate_file(const std::string& file) {
    if (!is_session_file_name(file)) return std::nullopt;
    std::size_t shard = 0;
    const auto [stop, error] = std::from_chars(file.data(), file.data() + 2, shard, 16);
    if (error != std::errc() || stop != file.data() + 2 || shard >= kSessionShards) {
        return std::nullopt;
    }
    return Location{shard, session_shard_name(shard), file};
}

// Markers whose session file is gone (checked under its stripe, so not one being written now),
// then the folders of users left without markers. Ended sessions keep their markers until their
// record goes: the markers only lead readers to files, who check the user in them.
void FileSessionStore::sweep_index(std::int64_t now) {
    for (const std::int64_t user_id : index_.user_ids()) {
        for (const std::string& file : index_.files_of(user_id)) {
            const std::optional<Location> where = locate_file(file);
            // A stat without the lock first: most markers have their session.
            if (!where || stamp_of(folder_.get(), where->path())) continue;
            StripeLocks::Guard lock(locks_, where->stripe);
            if (!stamp_of(folder_.get(), where->path())) {
                index_.forget_if_older(user_id, file, now - kYoungMarkerSeconds);
            }
        }
        index_.remove_if_unused(user_id, now - kEndedRecordSeconds);
    }
}

// A session written by an orggate older than the index has a user and no marker: without one it
// would never be re-checked nor ended. Read without the lock first (most files have their
// marker), then again under it, as update() indexes under it too.
void FileSessionStore::index_if_missing(const Location& where, std::int64_t now) {
    const Record seen = read_record(where, now);
    if (seen.state != Record::State::live || !seen.session.user) return;
    if (index_.has(seen.session.user->id, where.file)) return;
    StripeLocks::Guard lock(locks_, where.stripe);
    const Record record = read_record(where, now);
    if (record.state != Record::State::live || !record.session.user) return;
    index_.add(record.session.user->id, record.session.user->login, where.file);
}

// A user counts once one live session is found: the rest of their files are not read.
std::vector<IndexedUser> FileSessionStore::indexed_users() {
    std::vector<IndexedUser> live;
    for (IndexedUser& user : index_.users()) {
        bool found = false;
        visit_live_sessions_of(user.id, [&found](StoredSession&&) {
            found = true;
            return false;  // one is enough
        });
        if (found) live.push_back(std::move(user));
    }
    return live;
}

// Reads without locks, like load(): each file is one version or the next, never a torn one.
std::vector<StoredSession> FileSessionStore::sessions_of(std::optional<std::int64_t> user_id) {
    if (!user_id) return scan_all(clock_.now());
    std::vector<StoredSession> found;
    visit_live_sessions_of(*user_id, [&found](StoredSession&& session) {
        found.push_back(std::move(session));
        return true;
    });
    return found;
}

// The user's live sessions through the index, each handed to `visit` until it says stop.
void FileSessionStore::visit_live_sessions_of(std::int64_t user_id,
                                              const std::function<bool(StoredSession&&)>& visit) {
    const std::int64_t now = clock_.now();
    std::vector<std::string> files;
    try {
        files = index_.files_of(user_id);
    } catch (const StorageError&) {
        ++unreadable_skipped_;  // the user's folder itself: as for one of their files below
        return;
    }
    for (const std::string& file : files) {
        const std::optional<Location> where = locate_file(file);
        if (!where) continue;
        Record record;
        try {
            record = read_record(*where, now);
        } catch (const StorageError&) {
            // One unreadable file (EIO, a copy root owns) must not hide every other session
            // from the re-check; it is counted for the caller to log.
            ++unreadable_skipped_;
            continue;
        }
        if (record.state != Record::State::live || !belongs_to(record.session, user_id)) continue;
        if (!visit(StoredSession{file, std::move(record.session)})) return;
    }
}

// Every logged-in session, by reading every file: for the operator's listing, not for requests.
std::vector<StoredSession> FileSessionStore::scan_all(std::int64_t now) const {
    std::vector<StoredSession> found;
    for (std::size_t stripe = 0; stripe < kSessionShards; ++stripe) {
        const std::string shard_name = session_shard_name(stripe);
        const FileDescriptor shard = open_subfolder(folder_.get(), shard_name);
        if (!shard.valid()) {
            if (means_missing(errno)) continue;
            throw StorageError(errno, "cannot open a session shard folder");
        }
        for (const std::string& name : list_folder(shard.get())) {
            if (!is_session_file_name(name)) continue;
            Record record = read_record(Location{stripe, shard_name, name}, now);
            if (record.state == Record::State::live && record.session.user) {
                found.push_back(StoredSession{name, std::move(record.session)});
            }
        }
    }
    return found;
}

// Applies `change` to each live session of the user under its stripe lock, saving those it
// says it changed. The file is replaced (a new inode), so every thread's cache sees it. Every
// session is tried before the first failure is thrown: one bad file must not shield the rest.
std::size_t FileSessionStore::change_sessions_of(std::int64_t user_id,
                                                 const std::function<bool(Session&)>& change,
                                                 bool remove_if_unwritable) {
    std::size_t changed = 0;
    std::optional<StorageError> failure;
    for (const std::string& file : index_.files_of(user_id)) {
        const std::optional<Location> where = locate_file(file);
        if (!where) continue;
        try {
            if (change_session(user_id, *where, change, remove_if_unwritable)) ++changed;
        } catch (const StorageError& error) {
            if (!failure) failure = error;
        }
    }
    if (failure) throw *failure;
    return changed;
}

// One session of change_sessions_of; true when it was changed (or, failing that, removed).
bool FileSessionStore::change_session(std::int64_t user_id, const Location& where,
                                      const std::function<bool(Session&)>& change,
                                      bool remove_if_unwritable) {
    StripeLocks::Guard lock(locks_, where.stripe);
    Record record = read_record(where, clock_.now());
    if (record.state != Record::State::live || !belongs_to(record.session, user_id)) return false;
    if (!change(record.session)) return false;
    try {
        save(where, record.session);
    } catch (const StorageError&) {
        // A full or read-only disk cannot take the new record, but an unlink needs no space:
        // the session must end even if the browser is not told why.
        if (!remove_if_unwritable) throw;
        remove(where);
    }
    return true;
}

// The record keeps the session's times, so it expires like the session would have; its marker
// stays until the record is gone (see sweep_index).
// The end's mark is changed first: a login that wrote its session after the listing below reads
// the mark afterwards and undoes itself (see sessions_end_mark). A disk that cannot take the mark
// cannot take that login's session either (its write fails the same way), so the end goes on
// without it and is not reported as failed for it.
std::size_t FileSessionStore::end_sessions_of(std::int64_t user_id, const std::string& reason) {
    try {
        index_.save_end_mark(user_id, end_mark(clock_.now()));
    } catch (const StorageError&) {
        // See above: nothing more to protect on such a disk.
    }
    return change_sessions_of(
        user_id,
        [&](Session& session) {
            Session ended;
            ended.created_at = session.created_at;
            ended.last_seen_at = session.last_seen_at;
            ended.ended = reason;
            session = std::move(ended);
            return true;
        },
        true);
}

std::optional<std::string> FileSessionStore::sessions_end_mark(std::int64_t user_id) {
    return index_.load_end_mark(user_id);
}

// last_seen_at is left alone: a re-check is not the user being active.
std::size_t FileSessionStore::set_teams_of(std::int64_t user_id,
                                           const std::vector<std::string>& teams) {
    return change_sessions_of(user_id, [&](Session& session) {
        if (session.teams == teams) return false;
        session.teams = teams;
        return true;
    });
}

std::size_t FileSessionStore::drop_team_of(std::int64_t user_id, const std::string& slug) {
    return change_sessions_of(user_id, [&](Session& session) {
        const auto kept = std::remove(session.teams.begin(), session.teams.end(), slug);
        if (kept == session.teams.end()) return false;
        session.teams.erase(kept, session.teams.end());
        return true;
    });
}

std::optional<std::string> FileSessionStore::load_user_record(std::int64_t user_id) {
    return index_.load_record(user_id);
}

void FileSessionStore::save_user_record(std::int64_t user_id, const std::string& json) {
    index_.save_record(user_id, json);
}

}  // namespace orggate
