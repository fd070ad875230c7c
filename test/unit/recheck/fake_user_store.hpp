// A SessionStore with only the per-user side (issue 10) in memory, for the re-check's tests.
#pragma once

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "session/session_store.hpp"
#include "session/storage_error.hpp"

namespace orggate::testing {

class FakeUserStore final : public SessionStore {
public:
    // A live session of `login` (id `user_id`) holding `token` ("" for none) and `teams`.
    void add_session(std::int64_t user_id, const std::string& login, const std::string& token,
                     std::int64_t last_seen_at, std::vector<std::string> teams = {}) {
        std::lock_guard lock(mutex_);
        Session session;
        session.created_at = last_seen_at;
        session.last_seen_at = last_seen_at;
        if (!token.empty()) session.values["token"] = token;
        session.user = UserProfile{login, user_id, std::nullopt, "", "", "", false};
        session.teams = std::move(teams);
        const std::string file = login + "-" + std::to_string(sessions_[user_id].size());
        sessions_[user_id].push_back({file, session});
        logins_[user_id] = login;
    }

    std::optional<Session> load(const std::string&) override { return std::nullopt; }
    Session update(const std::string&, const std::function<void(Session&)>&) override { return {}; }
    void destroy(const std::string&) override {}
    SweepStats sweep() override { return {}; }
    std::optional<std::string> health_problem() override { return std::nullopt; }

    std::vector<IndexedUser> indexed_users() override {
        std::lock_guard lock(mutex_);
        std::vector<IndexedUser> users;
        for (const auto& [id, sessions] : sessions_) {
            if (!sessions.empty()) users.push_back({id, logins_[id]});
        }
        return users;
    }
    std::vector<StoredSession> sessions_of(std::optional<std::int64_t> user_id) override {
        std::lock_guard lock(mutex_);
        ++session_reads;
        return user_id && sessions_.count(*user_id) ? sessions_[*user_id]
                                                    : std::vector<StoredSession>{};
    }
    std::size_t end_sessions_of(std::int64_t user_id, const std::string& reason) override {
        std::lock_guard lock(mutex_);
        if (fail_writes) throw StorageError(ENOSPC, "cannot write a file");
        const std::size_t count = sessions_[user_id].size();
        sessions_.erase(user_id);
        records_.erase(user_id);
        if (count > 0) ended[user_id] = reason;
        return count;
    }
    std::size_t set_teams_of(std::int64_t user_id, const std::vector<std::string>& teams) override {
        std::lock_guard lock(mutex_);
        if (fail_writes) throw StorageError(ENOSPC, "cannot write a file");
        std::size_t changed = 0;
        for (StoredSession& stored : sessions_[user_id]) {
            if (stored.session.teams == teams) continue;
            stored.session.teams = teams;
            ++changed;
        }
        return changed;
    }
    std::size_t drop_team_of(std::int64_t user_id, const std::string& slug) override {
        std::lock_guard lock(mutex_);
        if (fail_writes) throw StorageError(ENOSPC, "cannot write a file");
        std::size_t changed = 0;
        for (StoredSession& stored : sessions_[user_id]) {
            std::vector<std::string>& teams = stored.session.teams;
            const auto kept = std::remove(teams.begin(), teams.end(), slug);
            if (kept == teams.end()) continue;
            teams.erase(kept, teams.end());
            ++changed;
        }
        return changed;
    }
    std::optional<std::string> load_user_record(std::int64_t user_id) override {
        std::lock_guard lock(mutex_);
        const auto found = records_.find(user_id);
        if (found == records_.end()) return std::nullopt;
        return found->second;
    }
    void save_user_record(std::int64_t user_id, const std::string& json) override {
        std::lock_guard lock(mutex_);
        if (fail_writes) throw StorageError(ENOSPC, "cannot write a file");
        records_[user_id] = json;
    }

    std::vector<std::string> teams_of(std::int64_t user_id) {
        std::lock_guard lock(mutex_);
        return sessions_[user_id].empty() ? std::vector<std::string>{}
                                          : sessions_[user_id].front().session.teams;
    }
    // The team list of each live session of the user, oldest first.
    std::vector<std::vector<std::string>> teams_of_each(std::int64_t user_id) {
        std::lock_guard lock(mutex_);
        std::vector<std::vector<std::string>> teams;
        for (const StoredSession& stored : sessions_[user_id])
            teams.push_back(stored.session.teams);
        return teams;
    }
    bool has_sessions(std::int64_t user_id) {
        std::lock_guard lock(mutex_);
        return !sessions_[user_id].empty();
    }

    std::map<std::int64_t, std::string> ended;  // user id -> the sentence they were ended with
    int session_reads = 0;
    // A full disk: every write (record, teams, ending) throws StorageError; reads still work.
    std::atomic<bool> fail_writes{false};

private:
    std::mutex mutex_;
    std::map<std::int64_t, std::vector<StoredSession>> sessions_;
    std::map<std::int64_t, std::string> logins_;
    std::map<std::int64_t, std::string> records_;
};

}  // namespace orggate::testing
