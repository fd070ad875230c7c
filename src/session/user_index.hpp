// The per-user index of the session folder: DIR/users/<GitHub id>/, one marker per session.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "session/session_store.hpp"

namespace orggate {

// Layout: DIR/users/<id>/ holds an empty marker named like each session file of the user
// (session_file_name.hpp), `login` (the login as of the latest login), `record.json` (the
// re-check's opaque record) and `ended_at` (the mark of the latest end: its time and what makes it
// unique). A marker is made before its session gets the user, so a session is never missing from
// the index; a marker may outlive its session (a crash, an ended or destroyed session) and is
// harmless: readers check the session itself, and the sweep removes it. Every change is one atomic
// create, rename or unlink, so another process on the same folder
// (`orggate sessions`) never sees a torn file. Within this process a striped lock per user
// keeps a user's folder from being removed while a marker is added to it.
class UserIndex {
public:
    // `folder_fd`: the session folder, owned by the caller and open as long as this index.
    explicit UserIndex(int folder_fd) : folder_fd_(folder_fd) {}

    // Indexes session `file` under the user (durably, before the caller writes the session).
    void add(std::int64_t user_id, const std::string& login, const std::string& file);
    // Forgets the marker, if there; a failure only leaves a marker for the sweep.
    void forget(std::int64_t user_id, const std::string& file);

    // True when the session `file` is indexed under the user.
    bool has(std::int64_t user_id, const std::string& file) const;

    // The ids of every user folder.
    std::vector<std::int64_t> user_ids() const;
    // The same with the login read from each (empty when unreadable).
    std::vector<IndexedUser> users() const;
    // The session file names indexed under the user.
    std::vector<std::string> files_of(std::int64_t user_id) const;

    // Whether every session file in the folder is indexed: true once a whole sweep has read the
    // kept session files and indexed those without a marker (mark_complete), such as the ones an
    // orggate from before the index wrote. Until then each sweep reads them; after, none does.
    bool complete() const;
    void mark_complete();

    // The mark of the user's latest end (`ended_at`, replaced atomically; see sessions_end_mark).
    void save_end_mark(std::int64_t user_id, const std::string& mark);
    std::optional<std::string> load_end_mark(std::int64_t user_id) const;

    std::optional<std::string> load_record(std::int64_t user_id) const;
    void save_record(std::int64_t user_id, const std::string& json);

    // Removes the marker if it was made before `cutoff` (Unix seconds): a younger one may belong
    // to a session being written. The caller has checked that its session is gone.
    void forget_if_older(std::int64_t user_id, const std::string& file, std::int64_t cutoff);
    // Removes the user's folder, record and login included, once it holds no marker and its
    // `ended_at` (if any) was written before `keep_ended_after`: a login in flight checks it.
    void remove_if_unused(std::int64_t user_id, std::int64_t keep_ended_after);

private:
    std::mutex& lock_of(std::int64_t user_id);

    int folder_fd_;
    std::array<std::mutex, 64> stripes_;
};

// The decimal folder name of a user id, and back (nullopt for anything else).
std::string user_folder_name(std::int64_t user_id);
std::optional<std::int64_t> user_id_from_folder_name(const std::string& name);

}  // namespace orggate
