// The logged-in session of one request: what it loaded, what it changed, and the cookie that
// follows. Only a login makes a session; anonymous visitors have none.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/random.hpp"
#include "session/session_store.hpp"

namespace orggate::web {

// Every change goes through the store's locked load-modify-save, so concurrent requests of
// one browser never lose each other's writes.
class RequestSession {
public:
    // Runs inside every write of the session, after the write's own change (the app re-seals
    // the GitHub token there, so a rotation costs no write of its own).
    using BeforeSave = std::function<void(Session&)>;

    // `cookie_id` is the cookie's value as sent; anything the store does not know is anonymous.
    RequestSession(SessionStore& store, crypto::TokenSource& tokens,
                   const std::optional<std::string>& cookie_id, BeforeSave before_save = {});

    const Session& current() const { return session_; }
    const UserProfile* user() const { return session_.user ? &*session_.user : nullptr; }

    // Replaces whatever session this browser had with a new one under a fresh id (login: an
    // id planted before login is worth nothing), counting its lifetime from now.
    void start(UserProfile user, std::map<std::string, std::string> values,
               std::vector<std::string> teams = {});
    // Applies `change` to the live session under its lock; keep it free of network I/O.
    void update(const std::function<void(Session&)>& change);
    // Saves the session's last_seen_at if it is older than `interval` seconds, so an active
    // session does not expire without writing its file on every request.
    void refresh_if_older_than(std::int64_t now, std::int64_t interval);
    // Forgets the session and clears the cookie (logout, refused login).
    void destroy();
    // This request goes on as anonymous; the store and the cookie are left as they are (for
    // requests that may not set cookies, such as the gate check).
    void treat_as_anonymous();

    // What the response must tell the browser about its cookie.
    enum class CookieAction { kKeep, kSet, kClear };
    CookieAction cookie_action() const { return cookie_action_; }
    // The id to set, with kSet.
    const std::string& id() const { return id_; }

private:
    SessionStore& store_;
    crypto::TokenSource& tokens_;
    BeforeSave before_save_;
    std::string id_;  // empty while anonymous
    Session session_;
    CookieAction cookie_action_ = CookieAction::kKeep;
};

}  // namespace orggate::web
