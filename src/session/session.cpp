// When a session may still be used.
#include "session/session.hpp"

namespace orggate {

// Written as "stamp > now - limit" rather than "now - stamp < limit": the stamps come from
// a file and may hold any int64, while now and the limits are sane, so this cannot overflow.
bool is_live(const Session& session, const SessionLimits& limits, std::int64_t now) {
    return session.last_seen_at > now - limits.idle_timeout &&
           session.created_at > now - limits.lifetime;
}

}  // namespace orggate
