// SessionStore on disk: one JSON file per session, the only code that touches the session folder.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

#include "session/clock.hpp"
#include "session/private_folder.hpp"
#include "session/session_file_name.hpp"
#include "session/session_store.hpp"
#include "session/stripe_locks.hpp"
#include "session/user_index.hpp"

namespace orggate {

// Layout: DIR/ab/<sha256-hex of id>.json, sharded by the first byte of the hash
// (session_file_name.hpp).
// Folders are 0700, files 0600; symlinks and non-regular files are refused. Writes go to a
// temporary file in the same shard, are fsynced, then renamed over the old file; the folder is
// fsynced after every rename, removal and creation, so an acknowledged login or logout survives
// a power cut. Read and write failures throw StorageError (see SessionStore). A striped
// lock serializes load-modify-save per session, within this process and with any other
// process on the same folder (session/stripe_locks.hpp). DIR is opened once and
// every later access is relative to that descriptor, so swapping DIR afterwards changes nothing.
// load() answers a session it read before from memory while its file is unchanged (one stat;
// session/recent_sessions.hpp), so a change by any process shows on the next load.
// update() throws std::invalid_argument for an id that fails is_valid_session_id.
// The per-user index lives in DIR/users (session/user_index.hpp): update() indexes a session
// before writing it with a user, the sweep removes markers whose session is gone and adds those
// missing (sessions written before the index existed). Ending or changing a user's sessions
// replaces each file under its stripe lock, which another process's store takes too.
class FileSessionStore final : public SessionStore {
public:
    // Applied to every session just before it is written (update, set_teams_of, drop_team_of,
    // end_sessions_of...): the service re-seals tokens under the current key with it.
    using WriteHook = std::function<void(Session&)>;

    // Creates DIR (0700) if needed; throws std::runtime_error if it is unusable. `on_write` is
    // set once here, before any thread uses the store.
    FileSessionStore(std::filesystem::path dir, SessionLimits limits, const Clock& clock,
                     WriteHook on_write = {});

    std::optional<Session> load(const std::string& id) override;
    Session update(const std::string& id, const std::function<void(Session&)>& change) override;
    void destroy(const std::string& id) override;
    SweepStats sweep() override;
    SweepStats sweep_while(const std::function<bool()>& keep_sweeping) override;
    std::optional<std::string> health_problem() override;

    std::vector<IndexedUser> indexed_users() override;
    std::vector<StoredSession> sessions_of(std::optional<std::int64_t> user_id) override;
    std::size_t end_sessions_of(std::int64_t user_id, const std::string& reason) override;
    std::size_t set_teams_of(std::int64_t user_id, const std::vector<std::string>& teams) override;
    std::size_t drop_team_of(std::int64_t user_id, const std::string& slug) override;
    std::optional<std::string> sessions_end_mark(std::int64_t user_id) override;
    std::size_t unreadable_skipped() override { return unreadable_skipped_; }
    std::optional<std::string> load_user_record(std::int64_t user_id) override;
    void save_user_record(std::int64_t user_id, const std::string& json) override;

private:
    // Where a session lives: the stripe guarding it, its shard folder and its file name.
    struct Location {
        std::size_t stripe;
        std::string shard;
        std::string file;

        std::string path() const { return shard + '/' + file; }
    };

    // What a session file holds now; a dead record (malformed or expired) is to be removed.
    struct Record {
        enum class State { absent, live, dead };
        State state = State::absent;
        Session session;
    };

    static Location locate(const std::string& id);
    static std::optional<Location> locate_file(const std::string& file);
    const Session* unchanged_session(const std::string& path, std::int64_t now) const;
    Record read_record(const Location& where, std::int64_t now, FileStamp* stamp = nullptr) const;
    void save(const Location& where, Session& session);
    void remove(const Location& where);
    void remove_if_dead(const Location& where);
    // `indexing`: also reads each kept file, to index it if its marker is missing.
    SweepStats sweep_shard(std::size_t stripe, std::int64_t now, bool indexing);
    void index_if_missing(const Location& where, std::int64_t now);
    void sweep_index(std::int64_t now);
    std::vector<StoredSession> scan_all(std::int64_t now) const;
    void visit_live_sessions_of(std::int64_t user_id,
                                const std::function<bool(StoredSession&&)>& visit);
    std::size_t change_sessions_of(std::int64_t user_id,
                                   const std::function<bool(Session&)>& change,
                                   bool remove_if_unwritable = false);
    bool change_session(std::int64_t user_id, const Location& where,
                        const std::function<bool(Session&)>& change, bool remove_if_unwritable);

    FileDescriptor folder_;
    SessionLimits limits_;
    const Clock& clock_;
    WriteHook on_write_;
    StripeLocks locks_;
    UserIndex index_;
    // Set once a sweep has indexed every session file (UserIndex::complete): later sweeps only
    // stat files, as before the index, however many sessions there are.
    std::atomic<bool> index_complete_{false};
    // Files the per-user readers could not read and went past (see unreadable_skipped).
    std::atomic<std::size_t> unreadable_skipped_{0};
};

}  // namespace orggate
