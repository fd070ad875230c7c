// Lazy creation, locked updates and cookie bookkeeping for one request's session.
#include "web/request_session.hpp"

#include "session/session_id.hpp"

namespace orggate::web {

RequestSession::RequestSession(SessionStore& store, crypto::TokenSource& tokens,
                               const std::optional<std::string>& cookie_id)
    : store_(store), tokens_(tokens) {
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

void RequestSession::update(const std::function<void(Session&)>& change) {
    if (id_.empty()) {
        // Try the change on an empty session first: only a visitor with something to keep
        // gets an id, a file and a cookie.
        Session fresh;
        change(fresh);
        if (fresh.empty()) return;
        id_ = new_session_id(tokens_);
        cookie_action_ = CookieAction::kSet;
        session_ = store_.update(id_, [&fresh](Session& stored) {
            stored.flashes = std::move(fresh.flashes);
            stored.values = std::move(fresh.values);
            stored.user = std::move(fresh.user);
        });
        return;
    }
    session_ = store_.update(id_, change);
    if (session_.empty()) {
        // The store removed the file; the cookie has nothing left to point at.
        id_.clear();
        cookie_action_ = CookieAction::kClear;
    }
}

std::vector<Flash> RequestSession::take_flashes() {
    if (session_.flashes.empty()) return {};
    std::vector<Flash> taken;
    update([&taken](Session& session) {
        taken = std::move(session.flashes);
        session.flashes.clear();
    });
    return taken;
}

void RequestSession::add_flash(const std::string& category, const std::string& text) {
    add_flash(Flash{category, text, {}, {}});
}

void RequestSession::add_flash(const Flash& flash) {
    update([&](Session& session) { session.flashes.push_back(flash); });
}

void RequestSession::refresh_if_older_than(std::int64_t now, std::int64_t interval) {
    if (id_.empty() || now - session_.last_seen_at < interval) return;
    update([](Session&) {});
}

void RequestSession::rotate() {
    if (id_.empty()) return;
    const std::string new_id = new_session_id(tokens_);
    store_.rotate(id_, new_id);
    id_ = new_id;
    cookie_action_ = CookieAction::kSet;
}

void RequestSession::destroy() {
    if (!id_.empty()) store_.destroy(id_);
    id_.clear();
    session_ = Session{};
    cookie_action_ = CookieAction::kClear;
}

}  // namespace orggate::web
