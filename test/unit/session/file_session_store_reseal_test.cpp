// FileSessionStore's write hook as the service wires it: per-user writes re-seal the token too.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "crypto/sealed_box.hpp"
#include "session/file_session_store.hpp"
#include "support/fake_clock.hpp"
#include "support/session_files.hpp"
#include "support/temp_dir.hpp"
#include "web/sealed_token.hpp"
#include "web/session_keys.hpp"

using namespace orggate;
using orggate::testing::FakeClock;
using orggate::testing::fresh_id;
using orggate::testing::TempDir;

namespace {

const SessionLimits kLimits{3600, 86400};
const std::string kOldKey(32, 'o');
const std::string kNewKey(32, 'n');

}  // namespace

BOOST_AUTO_TEST_SUITE(file_session_store_reseal)

// After a key rotation a re-teamed session must not keep its old-key token behind a new file.
BOOST_AUTO_TEST_CASE(set_teams_of_moves_a_token_sealed_under_the_previous_key_to_the_current) {
    TempDir temp;
    FakeClock clock{SystemClock().now()};
    const crypto::SealedBox old_box(kOldKey, "token");
    const crypto::SealedBox rotated_box(std::vector<std::string>{kNewKey, kOldKey}, "token");
    const std::string id = fresh_id();
    {
        // Written before the rotation, by a store that knew only the old key.
        FileSessionStore before{temp / "sessions", kLimits, clock};
        before.update(id, [&](Session& s) {
            s.user = UserProfile{};
            s.user->id = 583231;
            s.user->login = "mona";
            web::put_sealed_token(s.values, old_box, "gho_mona");
        });
    }
    FileSessionStore store{temp / "sessions", kLimits, clock,
                           [&](Session& s) { web::reseal_token(s, rotated_box); }};
    BOOST_TEST(store.set_teams_of(583231, {"core"}) == 1u);
    const std::optional<Session> saved = store.load(id);
    BOOST_REQUIRE(saved);
    BOOST_TEST(saved->values.at(web::kGitHubTokenKeyIdKey) == rotated_box.key_id());
    BOOST_TEST(saved->values.at(web::kGitHubTokenKeyIdKey) != old_box.key_id());
    const crypto::SealedBox new_only(kNewKey, "token");
    BOOST_TEST(web::open_sealed_token(*saved, new_only).value_or("") == "gho_mona");
}

BOOST_AUTO_TEST_SUITE_END()
