// Loading, starting, updating and ending one request's session, with cookie bookkeeping.
#include "web/request_session.hpp"

#include "session/session_id.hpp"

namespace orggate::web {

RequestSession::RequestSession(SessionStore& store, crypto::TokenSource& tokens,
                               const std::optional<std::string>& cookie_id, BeforeSave before_save)
    : store_(store), tokens_(tokens), before_save_(std::move(before_save)) {
    if (!cookie_id) return;
    std::optional<Session> loaded;
    if (is_valid_session_id(*cookie_id)) loaded = store_.load(*cookie_id);
    if (!loaded) {
        // A stale, forged or expired cookie: drop it so the browser stops sending it.
        cookie_action_ = CookieAction::kClear;
        return;
    }
    id_ = *cookie_id;
    session_ = std::move(*loaded);
}

void RequestSession::start(UserProfile user, std::map<std::string, std::string> values,
                           std::vector<std::string> teams) {
    if (!id_.empty()) store_.destroy(id_);
    id_ = new_session_id(tokens_);
    // A new id has no record, so the store stamps created_at: the lifetime counts from login.
    session_ = store_.update(id_, [&](Session& session) {
        session.user = std::move(user);
        session.values = std::move(values);
        session.teams = std::move(teams);
        if (before_save_) before_save_(session);
    });
    cookie_action_ = CookieAction::kSet;
}

void RequestSession::update(const std::function<void(Session&)>& change) {
    if (id_.empty()) return;
    session_ = store_.update(id_, [&](Session& session) {
        change(session);
        if (before_save_) before_save_(session);
    });
    if (session_.empty()) {
        // The store removed the file; the cookie has nothing left to point at.
        id_.clear();
        cookie_action_ = CookieAction::kClear;
    }
}

void RequestSession::refresh_if_older_than(std::int64_t now, std::int64_t interval) {
    if (id_.empty() || now - session_.last_seen_at < interval) return;
    update([](Session&) {});
}

void RequestSession::destroy() {
    if (!id_.empty()) store_.destroy(id_);
    if (!id_.empty() || cookie_action_ != CookieAction::kKeep)
        cookie_action_ = CookieAction::kClear;
    id_.clear();
    session_ = Session{};
}

void RequestSession::treat_as_anonymous() {
    id_.clear();
    session_ = Session{};
}

}  // namespace orggate::web
