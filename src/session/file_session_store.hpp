// SessionStore on disk: one JSON file per session, the only code that touches the session folder.
#pragma once

#include <array>
#include <filesystem>
#include <mutex>

#include "session/clock.hpp"
#include "session/private_folder.hpp"
#include "session/session_file_name.hpp"
#include "session/session_store.hpp"

namespace orggate {

// Layout: DIR/ab/<sha256-hex of id>.json, sharded by the first byte of the hash
// (session_file_name.hpp).
// Folders are 0700, files 0600; symlinks and non-regular files are refused. Writes go to a
// temporary file in the same shard, are fsynced, then renamed over the old file; the folder is
// fsynced after every rename, removal and creation, so an acknowledged login or logout survives
// a power cut. Read and write failures throw StorageError (see SessionStore). A striped
// lock serializes load-modify-save per session within this process. DIR is opened once and
// every later access is relative to that descriptor, so swapping DIR afterwards changes nothing.
// load() answers a session it read before from memory while its file is unchanged (one stat;
// session/recent_sessions.hpp), so a change by any process shows on the next load.
// update() throws std::invalid_argument for an id that fails is_valid_session_id.
class FileSessionStore final : public SessionStore {
public:
    // Creates DIR (0700) if needed; throws std::runtime_error if it is unusable.
    FileSessionStore(std::filesystem::path dir, SessionLimits limits, const Clock& clock);

    std::optional<Session> load(const std::string& id) override;
    Session update(const std::string& id, const std::function<void(Session&)>& change) override;
    void destroy(const std::string& id) override;
    SweepStats sweep() override;
    SweepStats sweep_while(const std::function<bool()>& keep_sweeping) override;
    std::optional<std::string> health_problem() override;

private:
    struct Location;
    struct Record;

    static Location locate(const std::string& id);
    const Session* unchanged_session(const std::string& path, std::int64_t now) const;
    Record read_record(const Location& where, std::int64_t now, FileStamp* stamp = nullptr) const;
    void save(const Location& where, const Session& session);
    void remove(const Location& where);
    void remove_if_dead(const Location& where);
    SweepStats sweep_shard(std::size_t stripe, std::int64_t now);

    FileDescriptor folder_;
    SessionLimits limits_;
    const Clock& clock_;
    std::array<std::mutex, kSessionShards> stripes_;
};

}  // namespace orggate
