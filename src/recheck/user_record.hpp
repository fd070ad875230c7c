// The re-check's record of one user, as the store keeps it (SessionStore::save_user_record).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "recheck/recheck_decision.hpp"

namespace orggate::recheck {

struct UserRecord {
    RecheckState state;
    // The ETag of GitHub's last 200 "active" answer, sent as If-None-Match next time; empty
    // when GitHub sent none.
    std::string etag;
};

// {"last_success":N,"last_attempt":N,"not_before":N,"etag":"..."}.
std::string user_record_to_json(const UserRecord& record);

// nullopt when `json` is not such an object or its ETag is not printable ASCII (a record of
// an older or newer orggate, a damaged file): the caller starts afresh, as after a login.
// Never throws on bad input.
std::optional<UserRecord> user_record_from_json(std::string_view json);

}  // namespace orggate::recheck
