// FileSessionStore's per-user index: kept by update/destroy/sweep, ending and re-teaming a user.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "session/file_session_store.hpp"
#include "session/session_codec.hpp"
#include "support/fake_clock.hpp"
#include "support/session_files.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace orggate;
using orggate::testing::FakeClock;
using orggate::testing::fresh_id;
using orggate::testing::session_path;
using orggate::testing::TempDir;

namespace {

const SessionLimits kLimits{3600, 86400};

UserProfile user(std::int64_t id, const std::string& login) {
    UserProfile profile;
    profile.id = id;
    profile.login = login;
    profile.avatar_url = "https://avatars.example/" + login;
    return profile;
}

std::function<void(Session&)> log_in(const UserProfile& profile) {
    return [profile](Session& session) {
        session.user = profile;
        session.values["csrf"] = "token";
    };
}

std::size_t entries_in(const fs::path& dir) {
    if (!fs::exists(dir)) return 0;
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

void set_mtime(const fs::path& path, std::int64_t unix_seconds) {
    const timespec times[2] = {{unix_seconds, 0}, {unix_seconds, 0}};
    BOOST_REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
}

// Puts a unix socket where `path` is: opening it fails with ENXIO, a read error even for root
// (who reads a chmod-000 file). Bound at a short name first, as socket paths are short.
void make_unreadable(const fs::path& path, const fs::path& short_dir) {
    const fs::path bound = short_dir / "s";
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    BOOST_REQUIRE(bound.native().size() < sizeof address.sun_path);
    std::copy(bound.native().begin(), bound.native().end(), address.sun_path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    BOOST_REQUIRE(fd >= 0);
    BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    ::close(fd);
    fs::rename(bound, path);
}

struct UsersFixture {
    TempDir temp;
    fs::path dir = temp / "sessions";
    FakeClock clock{SystemClock().now()};
    FileSessionStore store{dir, kLimits, clock};
    const UserProfile mona = user(583231, "mona");
    const UserProfile hubot = user(480938, "hubot");

    fs::path marker(std::int64_t user_id, const std::string& id) const {
        return dir / "users" / std::to_string(user_id) / session_path(dir, id).filename();
    }
    std::string login_in(const std::string& id) {
        const std::optional<Session> session = store.load(id);
        return session && session->user ? session->user->login : "";
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(file_session_store_users, UsersFixture)

BOOST_AUTO_TEST_CASE(a_login_indexes_the_session_under_the_users_id_with_the_login) {
    const std::string id = fresh_id();
    store.update(id, log_in(mona));
    BOOST_TEST(fs::is_regular_file(marker(mona.id, id)));
    BOOST_TEST(fs::file_size(marker(mona.id, id)) == 0u);
    const std::vector<IndexedUser> users = store.indexed_users();
    BOOST_REQUIRE_EQUAL(users.size(), 1u);
    BOOST_TEST(users[0].id == mona.id);
    BOOST_TEST(users[0].login == "mona");
}

BOOST_AUTO_TEST_CASE(sessions_of_lists_a_users_sessions_by_file_and_everyones_without_a_user) {
    const std::string a = fresh_id(), b = fresh_id(), c = fresh_id();
    store.update(a, log_in(mona));
    store.update(b, log_in(mona));
    store.update(c, log_in(hubot));
    store.update(fresh_id(), [](Session& s) { s.values["csrf"] = "anonymous"; });
    const std::vector<StoredSession> monas = store.sessions_of(mona.id);
    BOOST_REQUIRE_EQUAL(monas.size(), 2u);
    for (const StoredSession& stored : monas) {
        BOOST_TEST(stored.session.user->login == "mona");
        BOOST_TEST((stored.file == session_path(dir, a).filename().string() ||
                    stored.file == session_path(dir, b).filename().string()));
    }
    BOOST_TEST(store.sessions_of(std::nullopt).size() == 3u);
    BOOST_TEST(store.sessions_of(12345).empty());
}

BOOST_AUTO_TEST_CASE(destroy_and_logging_out_remove_the_marker) {
    const std::string a = fresh_id(), b = fresh_id();
    store.update(a, log_in(mona));
    store.update(b, log_in(mona));
    store.destroy(a);
    BOOST_TEST(!fs::exists(marker(mona.id, a)));
    store.update(b, [](Session& s) { s.user.reset(); });
    BOOST_TEST(!fs::exists(marker(mona.id, b)));
    BOOST_TEST(store.sessions_of(mona.id).empty());
    BOOST_TEST(store.indexed_users().empty());
}

BOOST_AUTO_TEST_CASE(a_session_that_changes_user_moves_to_the_new_users_index) {
    const std::string id = fresh_id();
    store.update(id, log_in(mona));
    store.update(id, log_in(hubot));
    BOOST_TEST(!fs::exists(marker(mona.id, id)));
    BOOST_TEST(fs::exists(marker(hubot.id, id)));
}

BOOST_AUTO_TEST_CASE(refreshing_a_logged_in_session_does_not_touch_the_index) {
    const std::string id = fresh_id();
    store.update(id, log_in(mona));
    const fs::path login = dir / "users" / std::to_string(mona.id) / "login";
    fs::remove(login);  // a write to the index would put it back
    store.update(id, [](Session& s) { s.values["x"] = "y"; });
    BOOST_TEST(!fs::exists(login));
}

BOOST_AUTO_TEST_CASE(a_crash_between_marker_and_file_leaves_a_marker_the_sweep_removes) {
    const std::string id = fresh_id();
    const fs::path folder = dir / "users" / std::to_string(mona.id);
    fs::create_directories(folder);
    std::ofstream(marker(mona.id, id)).flush();
    BOOST_TEST(store.sessions_of(mona.id).empty());
    BOOST_TEST(store.indexed_users().empty());
    store.sweep();  // too young: may be a session being written now
    BOOST_TEST(fs::exists(marker(mona.id, id)));
    clock.advance(120);
    store.sweep();
    BOOST_TEST(!fs::exists(folder));
}

BOOST_AUTO_TEST_CASE(sweep_removes_markers_of_expired_sessions_and_the_users_record_with_them) {
    const std::string id = fresh_id(), kept = fresh_id();
    store.update(id, log_in(mona));
    store.update(kept, log_in(hubot));
    store.save_user_record(mona.id, R"({"etag":"x"})");
    BOOST_TEST(store.load_user_record(mona.id).value_or("") == R"({"etag":"x"})");
    // Mona's session and its marker were last written longer ago than the idle timeout.
    const std::int64_t long_ago = clock.now() - kLimits.idle_timeout - 120;
    set_mtime(session_path(dir, id), long_ago);
    set_mtime(marker(mona.id, id), long_ago);
    store.sweep();
    BOOST_TEST(!fs::exists(session_path(dir, id)));
    BOOST_TEST(!fs::exists(dir / "users" / std::to_string(mona.id)));
    BOOST_TEST(!store.load_user_record(mona.id));
    BOOST_TEST(fs::exists(marker(hubot.id, kept)));
    BOOST_TEST(store.indexed_users().size() == 1u);
}

BOOST_AUTO_TEST_CASE(end_sessions_of_ends_every_session_of_the_user_and_no_other) {
    const std::string a = fresh_id(), b = fresh_id(), c = fresh_id();
    store.update(a, log_in(mona));
    store.update(b, log_in(mona));
    store.update(c, log_in(hubot));
    const std::int64_t created = store.load(a)->created_at;
    BOOST_TEST(login_in(a) == "mona");  // remembered by this thread's cache
    BOOST_TEST(store.end_sessions_of(mona.id, "Your access ended: test.") == 2u);
    for (const std::string& id : {a, b}) {
        const std::optional<Session> ended = store.load(id);
        BOOST_REQUIRE(ended);
        BOOST_TEST(!ended->user);
        BOOST_TEST(ended->values.empty());
        BOOST_TEST(ended->ended == "Your access ended: test.");
        BOOST_TEST(ended->created_at == created);
    }
    BOOST_TEST(login_in(c) == "hubot");
    BOOST_TEST(store.sessions_of(mona.id).empty());
    BOOST_TEST(store.end_sessions_of(mona.id, "again") == 0u);
    BOOST_TEST(store.load(a)->ended == "Your access ended: test.");
}

BOOST_AUTO_TEST_CASE(an_ended_record_expires_like_the_session_and_is_swept_with_its_marker) {
    const std::string id = fresh_id();
    store.update(id, log_in(mona));
    store.end_sessions_of(mona.id, "ended");
    clock.advance(kLimits.idle_timeout + 120);
    BOOST_TEST(!store.load(id));
    store.sweep();
    BOOST_TEST(!fs::exists(dir / "users" / std::to_string(mona.id)));
}

BOOST_AUTO_TEST_CASE(the_ended_sentence_survives_the_file_format) {
    Session ended{1, 2, {}, std::nullopt};
    ended.ended = "Your access ended: you are no longer a member of octo.";
    const std::optional<Session> back = decode_session(encode_session(ended));
    BOOST_REQUIRE(back);
    BOOST_TEST(back->ended == ended.ended);
    BOOST_TEST(!back->empty());
}

BOOST_AUTO_TEST_CASE(set_teams_of_rewrites_the_teams_of_each_live_session_of_the_user) {
    const std::string a = fresh_id(), b = fresh_id(), c = fresh_id();
    store.update(a, log_in(mona));
    store.update(b, log_in(mona));
    store.update(c, log_in(hubot));
    const std::int64_t seen = store.load(a)->last_seen_at;
    clock.advance(30);
    BOOST_TEST(store.set_teams_of(mona.id, {"core", "docs"}) == 2u);
    BOOST_TEST(store.set_teams_of(mona.id, {"core", "docs"}) == 0u);  // nothing to change
    for (const std::string& id : {a, b}) {
        BOOST_TEST(store.load(id)->teams == (std::vector<std::string>{"core", "docs"}));
        BOOST_TEST(store.load(id)->last_seen_at == seen);
    }
    BOOST_TEST(store.load(c)->teams.empty());
}

BOOST_AUTO_TEST_CASE(a_second_store_on_the_same_folder_ends_what_the_first_one_serves) {
    const std::string id = fresh_id();
    store.update(id, log_in(mona));
    BOOST_TEST(login_in(id) == "mona");
    FileSessionStore operator_store{dir, kLimits, clock};
    BOOST_TEST(operator_store.indexed_users().size() == 1u);
    BOOST_TEST(operator_store.end_sessions_of(mona.id, "ended by the operator") == 1u);
    BOOST_TEST(store.load(id)->ended == "ended by the operator");
}

// Updates of mona's sessions race with ending them: once end_sessions_of has returned, no
// session of hers may be logged in again by an update that read it before. A few rounds, as
// the race is a matter of timing.
BOOST_AUTO_TEST_CASE(concurrent_updates_and_an_end_never_resurrect_the_user) {
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i)
        ids.push_back(fresh_id());
    for (int round = 0; round < 5; ++round) {
        for (const std::string& id : ids)
            store.update(id, log_in(mona));
        std::atomic<bool> stop{false};
        std::atomic<int> writes{0};
        std::vector<std::thread> writers;
        for (std::size_t t = 0; t < ids.size(); ++t) {
            // Changes what is there, as a page load does; never logs anyone in.
            writers.emplace_back([&, t] {
                while (!stop) {
                    store.update(ids[t], [](Session& s) { s.values["n"] += "x"; });
                    ++writes;
                }
            });
        }
        while (writes.load() < 8)
            std::this_thread::yield();
        BOOST_TEST(store.end_sessions_of(mona.id, "ended") == ids.size());
        stop = true;
        for (std::thread& writer : writers)
            writer.join();
        for (const std::string& id : ids)
            BOOST_TEST(!store.load(id)->user);
        BOOST_TEST(store.sessions_of(mona.id).empty());
    }
}

BOOST_AUTO_TEST_CASE(an_unreadable_session_of_one_user_leaves_the_others_listed) {
    const std::string a = fresh_id(), b = fresh_id();
    store.update(a, log_in(mona));
    store.update(b, log_in(hubot));
    make_unreadable(session_path(dir, b), temp.path());
    const std::size_t skipped_before = store.unreadable_skipped();
    const std::vector<IndexedUser> users = store.indexed_users();
    BOOST_REQUIRE_EQUAL(users.size(), 1u);
    BOOST_TEST(users[0].login == "mona");
    BOOST_TEST(store.sessions_of(hubot.id).empty());
    BOOST_TEST(store.sessions_of(mona.id).size() == 1u);
    BOOST_TEST(store.unreadable_skipped() == skipped_before + 2);
}

BOOST_AUTO_TEST_CASE(an_unreadable_login_file_still_lists_its_user_and_the_others) {
    store.update(fresh_id(), log_in(mona));
    store.update(fresh_id(), log_in(hubot));
    make_unreadable(dir / "users" / std::to_string(hubot.id) / "login", temp.path());
    std::vector<std::int64_t> ids;
    for (const IndexedUser& user : store.indexed_users())
        ids.push_back(user.id);
    std::sort(ids.begin(), ids.end());
    BOOST_TEST(ids == (std::vector<std::int64_t>{hubot.id, mona.id}));
}

BOOST_AUTO_TEST_CASE(an_unreadable_session_does_not_shield_the_users_other_sessions_from_an_end) {
    const std::string a = fresh_id(), b = fresh_id(), c = fresh_id();
    store.update(a, log_in(mona));
    store.update(b, log_in(mona));
    store.update(c, log_in(mona));
    make_unreadable(session_path(dir, b), temp.path());
    BOOST_CHECK_THROW(store.end_sessions_of(mona.id, "ended"), StorageError);
    BOOST_TEST(store.load(a)->ended == "ended");
    BOOST_TEST(store.load(c)->ended == "ended");
}

BOOST_AUTO_TEST_CASE(a_session_from_before_the_index_is_indexed_by_the_sweep_and_then_ended) {
    const std::string id = fresh_id();
    store.update(id, log_in(mona));
    fs::remove_all(dir / "users");  // as an orggate without the index left it
    BOOST_TEST(store.indexed_users().empty());
    store.sweep();
    BOOST_TEST(fs::exists(marker(mona.id, id)));
    const std::vector<IndexedUser> users = store.indexed_users();
    BOOST_REQUIRE_EQUAL(users.size(), 1u);
    BOOST_TEST(users[0].login == "mona");
    BOOST_TEST(store.end_sessions_of(mona.id, "ended") == 1u);
    BOOST_TEST(store.load(id)->ended == "ended");
}

BOOST_AUTO_TEST_CASE(the_sweep_indexes_no_session_without_a_user) {
    store.update(fresh_id(), [](Session& s) { s.values["csrf"] = "anonymous"; });
    store.sweep();
    BOOST_TEST(store.indexed_users().empty());
    BOOST_TEST(entries_in(dir / "users") == 1u);  // .complete: the sweep has read every file
}

// The sweep reads session files only until it has indexed them all once; later sweeps, of this
// store or of one opened later on the same folder, stat them as before the index.
BOOST_AUTO_TEST_CASE(once_a_sweep_has_indexed_every_file_later_sweeps_read_none) {
    const std::string id = fresh_id();
    store.update(id, log_in(mona));
    store.sweep();
    BOOST_TEST(fs::exists(dir / "users" / ".complete"));
    fs::remove(marker(mona.id, id));  // a marker a later sweep would restore if it read the file
    store.sweep();
    BOOST_TEST(!fs::exists(marker(mona.id, id)));
    FileSessionStore reopened(dir, kLimits, clock);
    reopened.sweep();
    BOOST_TEST(!fs::exists(marker(mona.id, id)));
}

BOOST_AUTO_TEST_CASE(drop_team_of_removes_the_team_from_each_live_session_that_has_it) {
    const std::string a = fresh_id(), b = fresh_id(), c = fresh_id();
    store.update(a, log_in(mona));
    store.update(b, log_in(mona));
    store.update(c, log_in(hubot));
    store.set_teams_of(mona.id, {"core", "docs"});
    store.set_teams_of(hubot.id, {"core"});
    store.update(b, [](Session& s) { s.teams = {"docs"}; });
    BOOST_TEST(store.drop_team_of(mona.id, "core") == 1u);
    BOOST_TEST(store.drop_team_of(mona.id, "core") == 0u);
    BOOST_TEST(store.load(a)->teams == (std::vector<std::string>{"docs"}));
    BOOST_TEST(store.load(b)->teams == (std::vector<std::string>{"docs"}));
    BOOST_TEST(store.load(c)->teams == (std::vector<std::string>{"core"}));
    BOOST_TEST(store.drop_team_of(12345, "core") == 0u);
}

BOOST_AUTO_TEST_CASE(the_write_hook_runs_on_every_session_the_store_writes_for_a_user) {
    std::atomic<int> hooked{0};
    FileSessionStore hooked_store{dir, kLimits, clock, [&hooked](Session& s) {
                                      ++hooked;
                                      s.values["hooked"] = "yes";
                                  }};
    const std::string id = fresh_id();
    store.update(id, log_in(mona));
    hooked_store.set_teams_of(mona.id, {"core"});
    BOOST_TEST(store.load(id)->values.at("hooked") == "yes");
    hooked_store.drop_team_of(mona.id, "core");
    BOOST_TEST(hooked == 2);
}

// The CLI's store is another process: its end must not be undone by an update of the service
// that read the live record before the end wrote the ended one.
BOOST_AUTO_TEST_CASE(concurrent_updates_and_an_end_from_a_second_store_never_resurrect_the_user) {
    FileSessionStore operator_store{dir, kLimits, clock};
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i)
        ids.push_back(fresh_id());
    for (int round = 0; round < 20; ++round) {
        for (const std::string& id : ids)
            store.update(id, log_in(mona));
        std::atomic<bool> stop{false};
        std::atomic<int> writes{0};
        std::vector<std::thread> writers;
        for (std::size_t t = 0; t < ids.size(); ++t) {
            writers.emplace_back([&, t] {
                while (!stop) {
                    store.update(ids[t], [](Session& s) { s.values["n"] = "x"; });
                    ++writes;
                }
            });
        }
        while (writes.load() < 8)
            std::this_thread::yield();
        BOOST_TEST(operator_store.end_sessions_of(mona.id, "ended") == ids.size());
        stop = true;
        for (std::thread& writer : writers)
            writer.join();
        for (const std::string& id : ids)
            BOOST_TEST(!store.load(id)->user);
    }
}

// A login in flight checks this after writing its session (web/callback.cpp).
BOOST_AUTO_TEST_CASE(every_end_changes_the_users_end_mark_even_without_sessions) {
    BOOST_TEST(!store.sessions_end_mark(mona.id));
    store.end_sessions_of(mona.id, "ended");
    const std::optional<std::string> first = store.sessions_end_mark(mona.id);
    BOOST_REQUIRE(first);
    // The same second, from another store on the folder (as `orggate sessions end` would).
    FileSessionStore operator_store{dir, kLimits, clock};
    operator_store.end_sessions_of(mona.id, "ended");
    const std::optional<std::string> second = store.sessions_end_mark(mona.id);
    BOOST_REQUIRE(second);
    BOOST_TEST(*second != *first);
    BOOST_TEST(!store.sessions_end_mark(hubot.id));
    store.sweep();  // young: a login may be about to check it
    BOOST_TEST(store.sessions_end_mark(mona.id).value_or("") == *second);
    set_mtime(dir / "users" / std::to_string(mona.id) / "ended_at", clock.now() - 600);
    store.sweep();
    BOOST_TEST(!fs::exists(dir / "users" / std::to_string(mona.id)));
}

BOOST_AUTO_TEST_CASE(user_records_are_kept_per_user_and_replaced_whole) {
    BOOST_TEST(!store.load_user_record(mona.id));
    store.save_user_record(mona.id, "{\"a\":1}");
    store.save_user_record(mona.id, "{\"b\":2}");
    store.save_user_record(hubot.id, "{}");
    BOOST_TEST(*store.load_user_record(mona.id) == "{\"b\":2}");
    BOOST_TEST(*store.load_user_record(hubot.id) == "{}");
    BOOST_TEST(entries_in(dir / "users") == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
