// FileSessionStore on real files in a temporary folder: layout, refusals, expiry, concurrency.
#include "session/file_session_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "session/session_codec.hpp"
#include "session/session_id.hpp"
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

// Every entry under `dir` that is not a folder, links included.
std::vector<fs::path> files_under(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_directory() || entry.is_symlink()) files.push_back(entry.path());
    }
    return files;
}

std::size_t temp_files_under(const fs::path& dir) {
    std::size_t count = 0;
    for (const fs::path& file : files_under(dir)) {
        if (file.filename().string().rfind(".tmp-", 0) == 0) ++count;
    }
    return count;
}

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    BOOST_REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_mode;
}

void set_mtime(const fs::path& path, std::int64_t unix_seconds) {
    const timespec times[2] = {{unix_seconds, 0}, {unix_seconds, 0}};
    BOOST_REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0);
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::function<void(Session&)> set_value(const std::string& key, const std::string& value) {
    return [key, value](Session& session) { session.values[key] = value; };
}

// The store over a fresh folder, with a fake clock starting at the real time so that file
// mtimes and session stamps agree.
struct StoreFixture {
    TempDir temp;
    fs::path dir = temp / "sessions";
    FakeClock clock{SystemClock().now()};
    FileSessionStore store{dir, kLimits, clock};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(file_session_store, StoreFixture)

BOOST_AUTO_TEST_CASE(update_then_load_returns_the_same_session) {
    const std::string id = fresh_id();
    Session saved = store.update(id, [](Session& session) {
        session.values["csrf"] = "token";
        session.user = user_profile_from_json(R"({"login":"octocat","id":1,"avatar_url":"u"})");
    });
    auto loaded = store.load(id);
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST((loaded->values == saved.values));
    BOOST_TEST_REQUIRE(loaded->user.has_value());
    BOOST_TEST(loaded->user->login == "octocat");
    BOOST_TEST(loaded->created_at == clock.now());
    BOOST_TEST(loaded->last_seen_at == clock.now());
}

BOOST_AUTO_TEST_CASE(update_keeps_created_at_and_stamps_last_seen_at) {
    const std::string id = fresh_id();
    const std::int64_t start = clock.now();
    store.update(id, set_value("a", "1"));
    clock.advance(100);
    Session session = store.update(id, set_value("b", "2"));
    BOOST_TEST(session.created_at == start);
    BOOST_TEST(session.last_seen_at == start + 100);
    BOOST_TEST(session.values.size() == 2u);
}

BOOST_AUTO_TEST_CASE(file_is_named_by_the_sha256_of_the_id_never_the_id) {
    const std::string id = fresh_id();
    store.update(id, set_value("k", "v"));
    const std::vector<fs::path> files = files_under(dir);
    BOOST_TEST_REQUIRE(files.size() == 1u);
    BOOST_TEST(files.front() == session_path(dir, id));
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        BOOST_TEST(entry.path().string().find(id) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(folders_are_0700_and_files_0600) {
    const std::string id = fresh_id();
    store.update(id, set_value("k", "v"));
    const fs::path file = session_path(dir, id);
    BOOST_TEST((mode_of(dir) & 07777) == 0700u);
    BOOST_TEST((mode_of(file.parent_path()) & 07777) == 0700u);
    BOOST_TEST((mode_of(file) & 07777) == 0600u);
}

BOOST_AUTO_TEST_CASE(missing_parent_folders_are_created_0700) {
    const fs::path nested = temp / "a" / "b" / "sessions";
    FileSessionStore nested_store(nested, kLimits, clock);
    BOOST_TEST((mode_of(temp / "a") & 07777) == 0700u);
    BOOST_TEST((mode_of(nested) & 07777) == 0700u);
}

BOOST_AUTO_TEST_CASE(a_looser_existing_folder_is_tightened_to_0700) {
    const fs::path loose = temp / "loose";
    fs::create_directory(loose);
    ::chmod(loose.c_str(), 0755);
    FileSessionStore loose_store(loose, kLimits, clock);
    BOOST_TEST((mode_of(loose) & 07777) == 0700u);
}

BOOST_AUTO_TEST_CASE(a_session_folder_that_is_a_symlink_is_refused) {
    const fs::path real = temp / "real";
    const fs::path link = temp / "link";
    fs::create_directory(real);
    fs::create_directory_symlink(real, link);
    try {
        FileSessionStore linked(link, kLimits, clock);
        BOOST_FAIL("a symlinked session folder was accepted");
    } catch (const std::runtime_error& error) {
        BOOST_TEST(std::string(error.what()).find(link.string()) != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_session_folder_that_is_a_file_is_refused) {
    write_text(temp / "file", "x");
    BOOST_CHECK_THROW(FileSessionStore(temp / "file", kLimits, clock), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_symlink_in_place_of_a_session_file_is_not_followed) {
    const std::string id = fresh_id();
    Session planted;
    planted.created_at = planted.last_seen_at = clock.now();
    planted.values["planted"] = "yes";
    const fs::path target = temp / "target.json";
    write_text(target, encode_session(planted));
    const fs::path file = session_path(dir, id);
    fs::create_directories(file.parent_path());
    fs::create_symlink(target, file);

    BOOST_TEST(!store.load(id));
    Session written = store.update(id, set_value("k", "v"));
    BOOST_TEST(written.values.count("planted") == 0u);
    BOOST_TEST(read_text(target) == encode_session(planted));
    BOOST_TEST(S_ISREG(mode_of(file)));
}

BOOST_AUTO_TEST_CASE(a_shard_folder_that_is_a_symlink_is_not_followed) {
    const std::string id = fresh_id();
    const fs::path file = session_path(dir, id);
    const fs::path elsewhere = temp / "elsewhere";
    fs::create_directory(elsewhere);
    Session planted;
    planted.created_at = planted.last_seen_at = clock.now();
    planted.values["planted"] = "yes";
    write_text(elsewhere / file.filename(), encode_session(planted));
    fs::create_directory_symlink(elsewhere, file.parent_path());

    BOOST_TEST(!store.load(id));
    BOOST_CHECK_THROW(store.update(id, set_value("k", "v")), std::runtime_error);
    BOOST_TEST(read_text(elsewhere / file.filename()) == encode_session(planted));
}

BOOST_AUTO_TEST_CASE(a_fifo_in_place_of_a_session_file_reads_as_no_session) {
    const std::string id = fresh_id();
    const fs::path file = session_path(dir, id);
    fs::create_directories(file.parent_path());
    BOOST_TEST_REQUIRE(::mkfifo(file.c_str(), 0600) == 0);
    BOOST_TEST(!store.load(id));
}

BOOST_AUTO_TEST_CASE(malformed_ids_are_never_looked_up_or_written) {
    const std::string valid = fresh_id();
    std::string with_nul = valid;
    with_nul[10] = '\0';
    const std::vector<std::string> malformed = {
        "",
        valid.substr(0, 42),
        valid + "A",
        valid.substr(0, 40) + "/..",
        "../../../../../../../../../../../../../etc/x",
        valid.substr(0, 42) + "%",
        with_nul,
    };
    for (const std::string& id : malformed) {
        BOOST_TEST(!store.load(id));
        BOOST_CHECK_THROW(store.update(id, set_value("k", "v")), std::invalid_argument);
        BOOST_CHECK_NO_THROW(store.destroy(id));
    }
    BOOST_TEST(files_under(dir).empty());
    BOOST_TEST(fs::is_empty(dir));
}

BOOST_AUTO_TEST_CASE(a_garbage_file_reads_as_no_session_and_is_removed) {
    const std::string id = fresh_id();
    const fs::path file = session_path(dir, id);
    fs::create_directories(file.parent_path());
    write_text(file, "{not json");
    BOOST_TEST(!store.load(id));
    BOOST_TEST(!fs::exists(file));
}

BOOST_AUTO_TEST_CASE(an_oversized_file_reads_as_no_session) {
    const std::string id = fresh_id();
    store.update(id, set_value("k", "v"));
    const fs::path file = session_path(dir, id);
    write_text(file, read_text(file) + std::string(kMaxSessionJsonBytes, ' '));
    BOOST_TEST(!store.load(id));
}

BOOST_AUTO_TEST_CASE(a_session_idle_for_the_timeout_is_gone_and_its_file_removed) {
    const std::string id = fresh_id();
    store.update(id, set_value("k", "v"));
    clock.advance(kLimits.idle_timeout - 1);
    BOOST_TEST(store.load(id).has_value());
    clock.advance(1);
    BOOST_TEST(!store.load(id));
    BOOST_TEST(!fs::exists(session_path(dir, id)));
}

BOOST_AUTO_TEST_CASE(a_session_past_its_lifetime_is_gone_even_while_active) {
    const std::string id = fresh_id();
    store.update(id, set_value("k", "v"));
    for (std::int64_t elapsed = 0; elapsed + 1800 < kLimits.lifetime; elapsed += 1800) {
        clock.advance(1800);
        store.update(id, set_value("k", "v"));
    }
    BOOST_TEST(store.load(id).has_value());
    clock.advance(1800);
    BOOST_TEST(!store.load(id));
}

BOOST_AUTO_TEST_CASE(updating_an_expired_session_starts_a_fresh_one) {
    const std::string id = fresh_id();
    store.update(id, set_value("old", "1"));
    clock.advance(kLimits.idle_timeout);
    Session session = store.update(id, set_value("new", "1"));
    BOOST_TEST(session.created_at == clock.now());
    BOOST_TEST(session.values.count("old") == 0u);
    BOOST_TEST(session.values.count("new") == 1u);
}

BOOST_AUTO_TEST_CASE(an_empty_session_writes_no_file) {
    const std::string id = fresh_id();
    Session session = store.update(id, [](Session&) {});
    BOOST_TEST(session.empty());
    BOOST_TEST(files_under(dir).empty());
    BOOST_TEST(!store.load(id));
}

BOOST_AUTO_TEST_CASE(emptying_a_session_removes_its_file) {
    const std::string id = fresh_id();
    store.update(id, set_value("k", "v"));
    store.update(id, [](Session& session) { session.values.clear(); });
    BOOST_TEST(!fs::exists(session_path(dir, id)));
}

BOOST_AUTO_TEST_CASE(destroy_removes_the_session_and_ignores_unknown_ids) {
    const std::string id = fresh_id();
    store.update(id, set_value("k", "v"));
    store.destroy(id);
    BOOST_TEST(!store.load(id));
    BOOST_TEST(files_under(dir).empty());
    BOOST_CHECK_NO_THROW(store.destroy(fresh_id()));
}

BOOST_AUTO_TEST_CASE(a_failed_write_throws_without_naming_the_id_or_leaving_a_temp_file) {
    const std::string id = fresh_id();
    // A folder where the file should be makes the final rename fail.
    fs::create_directories(session_path(dir, id));
    try {
        store.update(id, set_value("k", "v"));
        BOOST_FAIL("the write did not fail");
    } catch (const std::runtime_error& error) {
        BOOST_TEST(std::string(error.what()).find(id) == std::string::npos);
    }
    BOOST_TEST(temp_files_under(dir) == 0u);
}

BOOST_AUTO_TEST_CASE(a_session_too_large_to_read_back_is_refused_on_write) {
    const std::string id = fresh_id();
    BOOST_CHECK_THROW(store.update(id, set_value("big", std::string(kMaxSessionJsonBytes, 'x'))),
                      std::runtime_error);
    BOOST_TEST(files_under(dir).empty());
}

BOOST_AUTO_TEST_CASE(sweep_removes_idle_files_and_stale_temp_files_and_keeps_the_rest) {
    const std::string idle = fresh_id();
    const std::string live = fresh_id();
    store.update(idle, set_value("k", "v"));
    store.update(live, set_value("k", "v"));
    const fs::path shard = session_path(dir, live).parent_path();
    write_text(shard / ".tmp-stale", "x");
    write_text(shard / ".tmp-fresh", "x");
    set_mtime(session_path(dir, idle), clock.now() - kLimits.idle_timeout - 1);
    set_mtime(shard / ".tmp-stale", clock.now() - 61);

    const SweepStats stats = store.sweep();
    BOOST_TEST(stats.removed == 1u);
    BOOST_TEST(stats.kept == 1u);
    BOOST_TEST(!fs::exists(session_path(dir, idle)));
    BOOST_TEST(store.load(live).has_value());
    BOOST_TEST(!fs::exists(shard / ".tmp-stale"));
    BOOST_TEST(fs::exists(shard / ".tmp-fresh"));
}

BOOST_AUTO_TEST_CASE(sweep_with_the_clock_past_the_idle_timeout_removes_every_session) {
    for (int i = 0; i < 10; ++i)
        store.update(fresh_id(), set_value("k", "v"));
    BOOST_TEST(store.sweep().kept == 10u);
    // + 5: the files may have been written a second or so after the fixture read the clock.
    clock.advance(kLimits.idle_timeout + 5);
    BOOST_TEST(store.sweep().removed == 10u);
    // Only the index's note that the first sweep read every file (UserIndex::complete).
    BOOST_TEST((files_under(dir) == std::vector<fs::path>{dir / "users" / ".complete"}));
}

BOOST_AUTO_TEST_CASE(sweep_while_asks_before_each_shard_and_ends_unfinished_when_told) {
    const std::string idle = fresh_id();
    store.update(idle, set_value("k", "v"));
    clock.advance(kLimits.idle_timeout + 1);

    const SweepStats told_to_stop = store.sweep_while([] { return false; });
    BOOST_TEST(!told_to_stop.finished);
    BOOST_TEST(told_to_stop.removed == 0u);
    BOOST_TEST(fs::exists(session_path(dir, idle)));

    std::size_t asked = 0;
    const SweepStats whole = store.sweep_while([&] { return ++asked > 0; });
    BOOST_TEST(whole.finished);
    BOOST_TEST(whole.removed == 1u);
    BOOST_TEST(asked == kSessionShards + 1);  // and once before the per-user index
    BOOST_TEST(!fs::exists(session_path(dir, idle)));
}

BOOST_AUTO_TEST_CASE(sweep_leaves_links_folders_and_unknown_files_alone) {
    const fs::path shard = dir / "ab";
    fs::create_directories(shard);
    const std::string name(64, 'a');
    write_text(temp / "target", "x");
    fs::create_symlink(temp / "target", shard / (name + ".json"));
    fs::create_directory(shard / (std::string(64, 'b') + ".json"));
    write_text(shard / "notes.txt", "x");
    set_mtime(shard / "notes.txt", clock.now() - kLimits.idle_timeout - 1);
    clock.advance(kLimits.idle_timeout + 1);

    BOOST_TEST(store.sweep().removed == 0u);
    BOOST_TEST(fs::is_symlink(shard / (name + ".json")));
    BOOST_TEST(fs::exists(temp / "target"));
    BOOST_TEST(fs::is_directory(shard / (std::string(64, 'b') + ".json")));
    BOOST_TEST(fs::exists(shard / "notes.txt"));
}

// The stripe lock is for writes: while an update holds it (its change still running), a load
// of that very session and a sweep of its shard go ahead without waiting.
BOOST_AUTO_TEST_CASE(loads_and_sweeps_do_not_wait_for_a_write_in_progress) {
    const std::string id = fresh_id();
    store.update(id, set_value("n", "1"));
    std::promise<void> entered;
    std::promise<void> release;
    std::thread writer([&] {
        store.update(id, [&](Session& session) {
            entered.set_value();
            release.get_future().wait_for(std::chrono::seconds(10));
            session.values["n"] = "2";
        });
    });
    entered.get_future().wait();
    const auto start = std::chrono::steady_clock::now();
    const std::optional<Session> loaded = store.load(id);
    const SweepStats swept = store.sweep();
    const auto waited = std::chrono::steady_clock::now() - start;
    release.set_value();
    writer.join();
    BOOST_TEST((waited < std::chrono::seconds(5)));
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST(loaded->values.at("n") == "1");
    BOOST_TEST(swept.kept == 1u);
    BOOST_TEST(store.load(id)->values.at("n") == "2");
}

// Many writers increment counters in one session while readers load it and a sweeper runs:
// every increment must land, and no reader may ever catch a partly written file.
BOOST_AUTO_TEST_CASE(concurrent_updates_lose_nothing_and_readers_never_see_a_torn_file) {
    constexpr int kWriters = 16;
    constexpr int kUpdates = 200;
    const std::string id = fresh_id();
    store.update(id, set_value("n", "0"));
    std::atomic<bool> writing{true};
    std::atomic<int> failed_loads{0};
    std::atomic<int> went_backwards{0};
    auto read_loop = [&] {
        int last = 0;
        while (writing) {
            auto session = store.load(id);
            if (!session) {
                ++failed_loads;
                continue;
            }
            const int n = std::stoi(session->values.at("n"));
            if (n < last) ++went_backwards;
            last = n;
        }
    };
    auto write_loop = [&](int writer) {
        const std::string mine = "t" + std::to_string(writer);
        for (int i = 0; i < kUpdates; ++i) {
            store.update(id, [&](Session& session) {
                session.values["n"] = std::to_string(std::stoi(session.values["n"]) + 1);
                session.values[mine] = std::to_string(i + 1);
            });
        }
    };
    std::vector<std::thread> readers;
    for (int i = 0; i < 3; ++i)
        readers.emplace_back(read_loop);
    readers.emplace_back([&] {
        while (writing)
            store.sweep();
    });
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
        writers.emplace_back(write_loop, w);
    for (auto& thread : writers)
        thread.join();
    writing = false;
    for (auto& thread : readers)
        thread.join();

    auto final_session = store.load(id);
    BOOST_TEST_REQUIRE(final_session.has_value());
    BOOST_TEST(final_session->values.at("n") == std::to_string(kWriters * kUpdates));
    for (int w = 0; w < kWriters; ++w) {
        BOOST_TEST(final_session->values.at("t" + std::to_string(w)) == std::to_string(kUpdates));
    }
    BOOST_TEST(failed_loads == 0);
    BOOST_TEST(went_backwards == 0);
    BOOST_TEST(temp_files_under(dir) == 0u);
}

BOOST_AUTO_TEST_CASE(health_is_fine_while_the_folder_takes_writes_and_leaves_nothing) {
    BOOST_TEST(!store.health_problem().has_value());
    BOOST_TEST(files_under(dir).empty());
}

BOOST_AUTO_TEST_CASE(health_names_the_problem_when_the_folder_is_gone) {
    fs::remove_all(dir);
    const auto problem = store.health_problem();
    BOOST_REQUIRE(problem.has_value());
    BOOST_TEST(problem->find("not writable") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(file_session_store_remembered, StoreFixture)

// load() answers an unchanged session from memory (session/recent_sessions.hpp); whatever
// happens to its file on disk, by this process or another, shows on the very next load. The
// sessions are left to settle first, so that they are remembered at all.
BOOST_AUTO_TEST_CASE(a_remembered_session_follows_every_change_on_disk) {
    const std::string rewritten = fresh_id(), removed = fresh_id(), replaced = fresh_id();
    const std::string other = fresh_id();
    for (const std::string& id : {rewritten, removed, replaced, other}) {
        store.update(id, set_value("who", "old"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    for (const std::string& id : {rewritten, removed, replaced, other}) {
        BOOST_TEST_REQUIRE(store.load(id)->values.at("who") == "old");
    }
    // In place, same size, as an editor or a restore might: same inode, new times.
    const fs::path in_place = session_path(dir, rewritten);
    std::string text = read_text(in_place);
    text.replace(text.find("\"old\""), 5, "\"new\"");
    write_text(in_place, text);
    fs::remove(session_path(dir, removed));
    // Another store over the same folder (another process, say) writes a new version.
    FileSessionStore elsewhere{dir, kLimits, clock};
    elsewhere.update(replaced, set_value("who", "new"));

    BOOST_TEST(store.load(rewritten)->values.at("who") == "new");
    BOOST_TEST(!store.load(removed).has_value());
    BOOST_TEST(store.load(replaced)->values.at("who") == "new");
    BOOST_TEST(store.load(other)->values.at("who") == "old");
}

BOOST_AUTO_TEST_CASE(a_remembered_session_still_expires) {
    const std::string id = fresh_id();
    store.update(id, set_value("k", "v"));
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    BOOST_TEST_REQUIRE(store.load(id).has_value());
    BOOST_TEST_REQUIRE(store.load(id).has_value());
    clock.advance(kLimits.idle_timeout + 1);
    BOOST_TEST(!store.load(id).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
