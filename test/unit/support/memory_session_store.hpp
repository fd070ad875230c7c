// An in-memory SessionStore for tests of the web layer; the file store has its own tests.
#pragma once

#include <map>
#include <mutex>
#include <string>

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

    std::map<std::string, Session> sessions;
    std::int64_t now = 1'700'000'000;
    int writes = 0;

private:
    std::mutex mutex_;
};

}  // namespace orggate::testing
