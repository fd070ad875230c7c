// Sessions as files: hashed names, one lock stripe per shard, expiry on read and by sweep.
#include "session/file_session_store.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "session/recent_sessions.hpp"
#include "session/session_codec.hpp"
#include "session/session_file_name.hpp"
#include "session/session_id.hpp"
#include "session/storage_error.hpp"

namespace orggate {

namespace {

constexpr std::string_view kTempPrefix = ".tmp-";
// A writer holds its temporary file for milliseconds; one this old was left by a crash.
constexpr std::int64_t kStaleTempSeconds = 60;

const std::string& checked_id(const std::string& id) {
    // Callers pass ids they generated or validated; anything else is a bug, not a visitor.
    if (!is_valid_session_id(id)) throw std::invalid_argument("malformed session id");
    return id;
}

std::optional<std::int64_t> user_id_of(const Session& session) {
    if (!session.user) return std::nullopt;
    return session.user->id;
}

bool is_temp_file(const std::string& name) {
    return name.rfind(kTempPrefix, 0) == 0;
}

// Two seconds: far above the coarsest file time tick (a jiffy on ext4, 2 s on FAT).
constexpr std::int64_t kSettleNs = 2'000'000'000;

// Each thread's own table, so that reading a session takes no lock. Its entries are checked
// against the file on every use: one thread's stale entry cannot outlive a change on disk,
// whoever made it (another thread, `orggate sessions`, an operator's rm).
RecentSessions& recent_sessions_of_this_thread() {
    thread_local RecentSessions recent(kSettleNs);
    return recent;
}

std::int64_t wall_clock_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

FileSessionStore::FileSessionStore(std::filesystem::path dir, SessionLimits limits,
                                   const Clock& clock, WriteHook on_write)
    : folder_(open_private_folder(dir)),
      limits_(limits),
      clock_(clock),
      on_write_(std::move(on_write)),
      locks_(folder_.get()),
      index_(folder_.get()) {
    index_complete_ = index_.complete();
}

std::optional<Session> FileSessionStore::load(const std::string& id) {
    if (!is_valid_session_id(id)) return std::nullopt;
    const Location where = locate(id);
    const std::int64_t now = clock_.now();
    const std::string path = where.path();
    if (const Session* known = unchanged_session(path, now)) return *known;
    FileStamp stamp;
    Record record = read_record(where, now, &stamp);
    if (record.state == Record::State::dead) remove_if_dead(where);
    if (record.state != Record::State::live) return std::nullopt;
    recent_sessions_of_this_thread().remember(path, stamp, record.session, wall_clock_ns());
    return std::move(record.session);
}

// The session this thread read from `path` before, if the file is still that very file and the
// session still live; null sends the caller to the file.
const Session* FileSessionStore::unchanged_session(const std::string& path,
                                                   std::int64_t now) const {
    RecentSessions& recent = recent_sessions_of_this_thread();
    const RecentSessions::Entry* known = recent.find(path);
    if (known == nullptr) return nullptr;
    const std::optional<FileStamp> stamp = stamp_of(folder_.get(), path);
    if (!stamp || *stamp != known->stamp || !is_live(known->session, limits_, now)) {
        recent.forget(path);
        return nullptr;
    }
    return &known->session;
}

Session FileSessionStore::update(const std::string& id,
                                 const std::function<void(Session&)>& change) {
    const Location where = locate(checked_id(id));
    StripeLocks::Guard lock(locks_, where.stripe);
    const std::int64_t now = clock_.now();
    Record record = read_record(where, now);
    Session session;
    if (record.state == Record::State::live) {
        session = std::move(record.session);
    } else {
        session.created_at = now;
    }
    const std::optional<std::int64_t> user_before = user_id_of(session);
    change(session);
    session.last_seen_at = now;
    const std::optional<std::int64_t> user_after = user_id_of(session);
    // Indexed before it is written: a crash in between leaves only a marker, which is harmless.
    if (user_after && user_after != user_before) {
        index_.add(*user_after, session.user->login, where.file);
    }
    save(where, session);
    if (user_before && user_before != user_after) index_.forget(*user_before, where.file);
    return session;
}

void FileSessionStore::destroy(const std::string& id) {
    if (!is_valid_session_id(id)) return;
    const Location where = locate(id);
    StripeLocks::Guard lock(locks_, where.stripe);
    std::optional<std::int64_t> user;
    try {
        user = user_id_of(read_record(where, clock_.now()).session);
    } catch (const StorageError&) {
        // Unreadable: removing it matters more; its marker is left for the sweep.
    }
    remove(where);
    if (user) index_.forget(*user, where.file);
}

std::optional<std::string> FileSessionStore::health_problem() {
    // A real write where sessions are written: a read-only or full disk shows here.
    try {
        probe_writes(folder_.get(), kTempPrefix);
        return std::nullopt;
    } catch (const StorageError& error) {
        return std::string("the session folder is not writable: ") + error.what() + " (" +
               error.error_name() + ")";
    }
}

SweepStats FileSessionStore::sweep() {
    return sweep_while([] { return true; });
}

// One unreadable shard must not keep the other 255 from being swept: all are tried, then the
// first failure is reported.
SweepStats FileSessionStore::sweep_while(const std::function<bool()>& keep_sweeping) {
    const std::int64_t now = clock_.now();
    const bool indexing = !index_complete_;
    SweepStats total;
    std::optional<StorageError> failure;
    for (std::size_t stripe = 0; stripe < kSessionShards; ++stripe) {
        if (!keep_sweeping()) {
            total.finished = false;
            break;
        }
        try {
            const SweepStats shard = sweep_shard(stripe, now, indexing);
            total.removed += shard.removed;
            total.kept += shard.kept;
        } catch (const StorageError& error) {
            if (!failure) failure = error;
        }
    }
    if (!failure && total.finished && keep_sweeping()) {
        try {
            sweep_index(now);
            // Not for a folder without sessions yet: nothing was read, and a store that only
            // ever saw anonymous visitors stays as empty as it was.
            if (indexing && total.kept > 0) {
                index_.mark_complete();
                index_complete_ = true;
            }
        } catch (const StorageError& error) {
            failure = error;
        }
    }
    if (failure) throw *failure;
    return total;
}

FileSessionStore::Location FileSessionStore::locate(const std::string& id) {
    // The shard picks both the folder and the stripe that guards it.
    SessionFileName name = session_file_name(id);
    return Location{name.shard_index, std::move(name.shard), std::move(name.file)};
}

FileSessionStore::Record FileSessionStore::read_record(const Location& where, std::int64_t now,
                                                       FileStamp* stamp) const {
    const FileDescriptor shard = open_subfolder(folder_.get(), where.shard);
    if (!shard.valid()) {
        const int error = errno;
        if (means_missing(error)) return Record{Record::State::absent, {}};
        throw StorageError(error, "cannot open a session shard folder");
    }
    // Throws on a read error: only a file that is not there is an absent session.
    const std::optional<std::string> bytes =
        read_regular_file(shard.get(), where.file, kMaxSessionJsonBytes, stamp);
    if (!bytes) return Record{Record::State::absent, {}};
    std::optional<Session> session = decode_session(*bytes);
    if (!session || !is_live(*session, limits_, now)) return Record{Record::State::dead, {}};
    return Record{Record::State::live, std::move(*session)};
}

void FileSessionStore::save(const Location& where, Session& session) {
    if (session.empty()) {
        remove(where);
        return;
    }
    if (on_write_) on_write_(session);
    const std::string json = encode_session(session);
    // Refuse now rather than write a record that every later load would refuse.
    if (json.size() > kMaxSessionJsonBytes) throw std::runtime_error("session too large to store");
    const FileDescriptor shard = create_subfolder(folder_.get(), where.shard);
    replace_file(shard.get(), where.file, json, kTempPrefix);
}

void FileSessionStore::remove(const Location& where) {
    const FileDescriptor shard = open_subfolder(folder_.get(), where.shard);
    if (shard.valid()) {
        remove_file(shard.get(), where.file);
    } else if (!means_missing(errno)) {
        throw StorageError(errno, "cannot open a session shard folder");
    }
}

// load() reads without the lock, so an update may have replaced a dead record with a fresh
// session since; re-read under the lock before removing. A failed removal only leaves a record
// that is refused again, so the reader is not told.
void FileSessionStore::remove_if_dead(const Location& where) {
    StripeLocks::Guard lock(locks_, where.stripe);
    if (read_record(where, clock_.now()).state != Record::State::dead) return;
    const FileDescriptor shard = open_subfolder(folder_.get(), where.shard);
    if (shard.valid()) try_remove_file(shard.get(), where.file);
}

// Stats decide expiry, no parsing. A record's last_seen_at is never later than its file's last
// write, so a file untouched for the idle timeout holds an idle-expired session. A session that
// outlives its absolute lifetime while still active is refused and removed on load, and
// becomes idle-expired soon after. Removals that fail are retried by the next sweep. While
// `indexing`, each kept file is also read, to index it if its marker is missing.
SweepStats FileSessionStore::sweep_shard(std::size_t stripe, std::int64_t now, bool indexing) {
    const FileDescriptor shard = open_subfolder(folder_.get(), session_shard_name(stripe));
    if (!shard.valid()) {
        const int error = errno;
        if (means_missing(error)) return {};
        throw StorageError(error, "cannot open a session shard folder");
    }
    const std::int64_t idle_cutoff = now - limits_.idle_timeout;
    SweepStats stats;
    std::optional<StorageError> failure;
    for (const std::string& name : list_folder(shard.get())) {
        if (is_temp_file(name)) {
            if (written_before(shard.get(), name, now - kStaleTempSeconds)) {
                try_remove_file(shard.get(), name);
            }
            continue;
        }
        if (!is_session_file_name(name)) continue;
        if (!written_before(shard.get(), name, idle_cutoff)) {
            ++stats.kept;
            if (!indexing) continue;
            // One unreadable file must not stop the rest of the shard from being swept.
            try {
                index_if_missing(Location{stripe, session_shard_name(stripe), name}, now);
            } catch (const StorageError& error) {
                if (!failure) failure = error;
            }
            continue;
        }
        StripeLocks::Guard lock(locks_, stripe);
        // Check again under the lock: an update may have rewritten the file since.
        if (written_before(shard.get(), name, idle_cutoff) && try_remove_file(shard.get(), name)) {
            ++stats.removed;
        } else {
            ++stats.kept;
        }
    }
    if (failure) throw *failure;
    return stats;
}

}  // namespace orggate
