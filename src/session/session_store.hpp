// Where sessions live: the interface the web layer uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "session/session.hpp"
#include "session/storage_error.hpp"

namespace orggate {

struct SweepStats {
    std::size_t removed = 0;  // expired sessions removed
    std::size_t kept = 0;     // sessions left in the store
    bool finished = true;     // false when sweep_while ended it early: `kept` is then partial
};

// A stored session as the operator and the re-check see it: named by its file, never by its id
// (the id is the browser's secret).
struct StoredSession {
    std::string file;  // the session file's name (session_file_name.hpp), stable for its life
    Session session;
};

// A user with at least one session in the per-user index (issue 10).
struct IndexedUser {
    std::int64_t id = 0;  // GitHub's numeric id: logins can be renamed, ids cannot
    std::string login;    // as of the latest login
};

// Every method but health_problem throws StorageError when the storage fails (a read or write
// error other than "not there"): a disk problem is never reported as "no session", and nothing
// is replaced or removed because a read failed.
class SessionStore {
public:
    virtual ~SessionStore() = default;

    // The live session for `id`; nullopt when the id is malformed, unknown, expired or its
    // record is malformed. Never throws for a bad id.
    virtual std::optional<Session> load(const std::string& id) = 0;

    // Load-modify-save under the session's lock: applies `change` to the live session (or to
    // a fresh one), stamps last_seen_at, then saves it atomically, or removes it when empty.
    // Returns the session as saved. Throws StorageError if the session cannot be read or
    // written (the stored one is then unchanged).
    // `change` must not do network I/O: the lock is held while it runs.
    virtual Session update(const std::string& id, const std::function<void(Session&)>& change) = 0;

    // Forgets the session (logout). Unknown ids are fine.
    virtual void destroy(const std::string& id) = 0;

    // Removes expired sessions and stale temporary files. A folder that cannot be read is
    // skipped, the rest swept, then the first failure thrown.
    virtual SweepStats sweep() = 0;
    // The same, asking `keep_sweeping` before each part (a shard folder, say) and ending early,
    // unfinished, when it says no: a sweep of a large store must not hold up a stop. A store
    // swept in one go just sweeps.
    virtual SweepStats sweep_while(const std::function<bool()>& /*keep_sweeping*/) {
        return sweep();
    }

    // Why new sessions could not be saved now (e.g. the folder is not writable), or nullopt.
    virtual std::optional<std::string> health_problem() = 0;

    // ---- Per user (issue 10): an index kept by update/destroy/sweep, usable by another
    // process on the same folder (`orggate sessions`), effective on the running service at once.

    // A store without an index (the small fakes of unit tests) has none of these: it lists no
    // users and sessions, ends and changes nothing, keeps no records.

    // The users with at least one live session. A session file that cannot be read (EIO,
    // EACCES) does not hide the others: it is skipped and counted in unreadable_skipped.
    virtual std::vector<IndexedUser> indexed_users() { return {}; }
    // How many files indexed_users and sessions_of(user) went past unread since the store was
    // made: a caller that compares it before and after a pass can log once that some were.
    virtual std::size_t unreadable_skipped() { return 0; }
    // The live sessions of `user_id` (unreadable ones skipped, as above), or of everyone when
    // nullopt.
    virtual std::vector<StoredSession> sessions_of(std::optional<std::int64_t> /*user_id*/) {
        return {};
    }
    // Ends every session of the user: each is replaced by a record of why (Session::ended),
    // which that browser's next request sees once, or removed when that record cannot be
    // written (a full or read-only disk). Returns how many were ended or removed. Every session
    // is tried; then StorageError if any could be neither.
    virtual std::size_t end_sessions_of(std::int64_t /*user_id*/, const std::string& /*reason*/) {
        return 0;
    }
    // An opaque mark that end_sessions_of changes (before it ends anything) every time it runs
    // for the user, from any process; nullopt when never (or long ago). A login reads it before
    // asking GitHub for membership and again after writing its session: if it changed, an end
    // may have missed the session still being made, and the login must not be admitted.
    virtual std::optional<std::string> sessions_end_mark(std::int64_t /*user_id*/) {
        return std::nullopt;
    }
    // Replaces the teams kept in every live session of the user; returns how many changed.
    virtual std::size_t set_teams_of(std::int64_t /*user_id*/,
                                     const std::vector<std::string>& /*teams*/) {
        return 0;
    }
    // Removes the team `slug` from every live session of the user that has it (the webhook's
    // team removal); returns how many changed.
    virtual std::size_t drop_team_of(std::int64_t /*user_id*/, const std::string& /*slug*/) {
        return 0;
    }
    // The re-check's own record of a user (opaque JSON: last check, ETag...), kept beside the
    // index and removed with the user's last session; nullopt when none.
    virtual std::optional<std::string> load_user_record(std::int64_t /*user_id*/) {
        return std::nullopt;
    }
    virtual void save_user_record(std::int64_t /*user_id*/, const std::string& /*json*/) {}
};

}  // namespace orggate
