// Where sessions live: the interface the web layer uses.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "session/session.hpp"
#include "session/storage_error.hpp"

namespace orggate {

struct SweepStats {
    std::size_t removed = 0;  // expired sessions removed
    std::size_t kept = 0;     // sessions left in the store
    bool finished = true;     // false when sweep_while ended it early: `kept` is then partial
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
};

}  // namespace orggate
