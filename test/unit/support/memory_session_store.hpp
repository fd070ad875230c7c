// An in-memory SessionStore for tests of the web layer; the file store has its own tests.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "session/session_store.hpp"

namespace orggate::testing {

class MemorySessionStore final : public SessionStore {
public:
    std::optional<Session> load(const std::string& id) override {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = sessions.find(id);
        if (it == sessions.end()) return std::nullopt;
        return it->second;
    }
    Session update(const std::string& id, const std::function<void(Session&)>& change) override {
        if (before_update) before_update();
        std::lock_guard<std::mutex> lock(mutex_);
        Session session = sessions.count(id) ? sessions[id] : Session{now, now, {}, {}};
        change(session);
        session.last_seen_at = now;
        ++writes;
        if (session.empty()) {
            sessions.erase(id);
        } else {
            sessions[id] = session;
        }
        return session;
    }
    void destroy(const std::string& id) override {
        std::lock_guard<std::mutex> lock(mutex_);
        sessions.erase(id);
    }
    SweepStats sweep() override { return {0, sessions.size()}; }
    std::optional<std::string> health_problem() override { return std::nullopt; }

    // The per-user methods, with the session id standing in for the file name.
    std::vector<IndexedUser> indexed_users() override {
        std::lock_guard<std::mutex> lock(mutex_);
        std::map<std::int64_t, std::string> users;
        for (const auto& [id, session] : sessions)
            if (session.user) users[session.user->id] = session.user->login;
        std::vector<IndexedUser> found;
        for (const auto& [id, login] : users)
            found.push_back(IndexedUser{id, login});
        return found;
    }
    std::vector<StoredSession> sessions_of(std::optional<std::int64_t> user_id) override {
        std::lock_guard<std::mutex> lock(mutex_);
        std::vector<StoredSession> found;
        for (const auto& [id, session] : sessions)
            if (session.user && (!user_id || session.user->id == *user_id))
                found.push_back(StoredSession{id, session});
        return found;
    }
    std::size_t end_sessions_of(std::int64_t user_id, const std::string& reason) override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ++ends[user_id];
        }
        return change_sessions_of(user_id, [&](Session& session) {
            Session ended{session.created_at, session.last_seen_at, {}, std::nullopt};
            ended.ended = reason;
            session = ended;
            return true;
        });
    }
    std::optional<std::string> sessions_end_mark(std::int64_t user_id) override {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = ends.find(user_id);
        if (it == ends.end()) return std::nullopt;
        return std::to_string(it->second);
    }
    std::size_t set_teams_of(std::int64_t user_id, const std::vector<std::string>& teams) override {
        return change_sessions_of(user_id, [&](Session& session) {
            if (session.teams == teams) return false;
            session.teams = teams;
            return true;
        });
    }
    std::optional<std::string> load_user_record(std::int64_t user_id) override {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = user_records.find(user_id);
        if (it == user_records.end()) return std::nullopt;
        return it->second;
    }
    void save_user_record(std::int64_t user_id, const std::string& json) override {
        std::lock_guard<std::mutex> lock(mutex_);
        user_records[user_id] = json;
    }

    std::map<std::string, Session> sessions;
    std::int64_t now = 1'700'000'000;
    int writes = 0;
    std::map<std::int64_t, std::string> user_records;
    std::map<std::int64_t, int> ends;  // end_sessions_of calls by user id: the end mark
    // Runs at the start of every update, unlocked: a test's stand-in for what happens meanwhile.
    std::function<void()> before_update;

private:
    std::size_t change_sessions_of(std::int64_t user_id,
                                   const std::function<bool(Session&)>& change) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::size_t changed = 0;
        for (auto& [id, session] : sessions)
            if (session.user && session.user->id == user_id && change(session)) ++changed;
        return changed;
    }

    std::mutex mutex_;
};

}  // namespace orggate::testing
