// Storage faults on real files (EMFILE, EFBIG from lowered limits): a StorageError, nothing lost.
#include <fcntl.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "crypto/digest.hpp"
#include "crypto/encoding.hpp"
#include "session/file_session_store.hpp"
#include "session/private_folder.hpp"
#include "session/resource_limits.hpp"
#include "session/session_id.hpp"
#include "session/storage_error.hpp"
#include "support/fake_clock.hpp"
#include "support/session_files.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace orggate;
using orggate::testing::FakeClock;
using orggate::testing::FileSizeLimit;
using orggate::testing::fresh_id;
using orggate::testing::session_path;
using orggate::testing::storage_errno_with_descriptors;
using orggate::testing::TempDir;

namespace {

const SessionLimits kLimits{3600, 86400};

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Files in the session shards (the per-user index in DIR/users is not counted).
std::size_t files_in(const fs::path& dir) {
    std::size_t count = 0;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
         ++it) {
        if (it->path() == dir / "users") it.disable_recursion_pending();
        if (!it->is_directory()) ++count;
    }
    return count;
}

auto with_errno(int expected) {
    return [expected](const StorageError& error) {
        BOOST_TEST(error.error() == expected, error.what());
        return error.error() == expected;
    };
}

// A logged-in session on disk, as a login leaves it.
struct LoggedInFixture {
    TempDir temp;
    fs::path dir = temp / "sessions";
    FakeClock clock{SystemClock().now()};
    FileSessionStore store{dir, kLimits, clock};
    std::string id = fresh_id();
    fs::path file = session_path(dir, id);

    LoggedInFixture() {
        store.update(id, [](Session& session) {
            session.user = user_profile_from_json(R"({"login":"octocat","id":1,"avatar_url":"u"})");
            session.values["csrf_token"] = "t0ken";
        });
    }

    bool still_logged_in() {
        const std::optional<Session> session = store.load(id);
        return session && session->user && session->user->login == "octocat";
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(storage_faults, LoggedInFixture)

BOOST_AUTO_TEST_CASE(load_without_descriptors_is_a_storage_error_not_a_logout) {
    BOOST_TEST(storage_errno_with_descriptors(0, [&] { store.load(id); }) == EMFILE);
    BOOST_TEST(still_logged_in());
}

BOOST_AUTO_TEST_CASE(load_that_cannot_open_only_the_file_is_a_storage_error) {
    // The shard folder opens, the session file does not.
    BOOST_TEST(storage_errno_with_descriptors(1, [&] { store.load(id); }) == EMFILE);
    BOOST_TEST(still_logged_in());
}

BOOST_AUTO_TEST_CASE(update_that_cannot_read_the_live_file_leaves_it_in_place) {
    const std::string before = read_text(file);
    // The keep-alive refresh: were the failed read taken for "no session", the fresh, empty
    // session would replace, that is delete, the live file.
    const auto refresh = [](Session&) {};
    BOOST_TEST(storage_errno_with_descriptors(1, [&] { store.update(id, refresh); }) == EMFILE);
    BOOST_TEST(read_text(file) == before);
    BOOST_TEST(still_logged_in());
}

BOOST_AUTO_TEST_CASE(update_that_cannot_write_keeps_the_old_record_and_no_temporary_file) {
    const std::string before = read_text(file);
    {
        FileSizeLimit tiny(16);
        BOOST_CHECK_EXCEPTION(
            store.update(id, [](Session& session) { session.values["more"] = "data"; }),
            StorageError, with_errno(EFBIG));
    }
    BOOST_TEST(read_text(file) == before);
    BOOST_TEST(files_in(dir) == 1u);
}

// A full disk cannot take the ended record; the sessions must still end, every one of them.
BOOST_AUTO_TEST_CASE(an_end_that_cannot_write_the_ended_records_removes_every_session) {
    const std::string other = fresh_id();
    store.update(other, [&](Session& session) { session = *store.load(id); });
    {
        FileSizeLimit tiny(16);
        BOOST_TEST(store.end_sessions_of(1, "Your access ended: test.") == 2u);
    }
    BOOST_TEST(!store.load(id));
    BOOST_TEST(!store.load(other));
    BOOST_TEST(!fs::exists(file));
}

BOOST_AUTO_TEST_CASE(destroy_that_cannot_open_the_shard_is_a_storage_error) {
    BOOST_TEST(storage_errno_with_descriptors(0, [&] { store.destroy(id); }) == EMFILE);
    BOOST_TEST(still_logged_in());
}

BOOST_AUTO_TEST_CASE(sweep_that_cannot_open_its_folders_throws_and_later_sweeps_again) {
    clock.advance(kLimits.idle_timeout + 10);
    const timespec old[2] = {{clock.now() - kLimits.idle_timeout - 5, 0},
                             {clock.now() - kLimits.idle_timeout - 5, 0}};
    BOOST_REQUIRE(::utimensat(AT_FDCWD, file.c_str(), old, 0) == 0);
    BOOST_TEST(storage_errno_with_descriptors(0, [&] { store.sweep(); }) == EMFILE);
    BOOST_TEST(fs::exists(file));
    BOOST_TEST(store.sweep().removed == 1u);
}

BOOST_AUTO_TEST_CASE(health_names_the_errno_while_writes_fail_and_recovers) {
    {
        FileSizeLimit tiny(1);
        const std::optional<std::string> problem = store.health_problem();
        BOOST_TEST_REQUIRE(problem.has_value());
        BOOST_TEST(problem->find("not writable") != std::string::npos, *problem);
        BOOST_TEST(problem->find("EFBIG") != std::string::npos, *problem);
    }
    BOOST_TEST(!store.health_problem());
    BOOST_TEST(files_in(dir) == 1u);
}

BOOST_AUTO_TEST_CASE(a_shard_that_is_a_file_holds_no_session_and_takes_none) {
    // ENOTDIR is "not there" for reading (nothing could be stored there), a fault for writing.
    std::string other = fresh_id();
    while (session_path(dir, other).parent_path() == file.parent_path())
        other = fresh_id();
    std::ofstream(session_path(dir, other).parent_path()) << "not a folder";
    BOOST_TEST(!store.load(other));
    BOOST_CHECK_EXCEPTION(store.update(other, [](Session& s) { s.values["k"] = "v"; }),
                          StorageError, with_errno(ENOTDIR));
    BOOST_TEST(still_logged_in());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(private_folder_faults)

BOOST_AUTO_TEST_CASE(read_that_cannot_open_an_existing_file_throws_with_the_errno) {
    TempDir temp;
    std::ofstream(temp / "f") << "x";
    const FileDescriptor folder = open_private_folder(temp.path());
    BOOST_TEST(storage_errno_with_descriptors(
                   0, [&] { read_regular_file(folder.get(), "f", 100); }) == EMFILE);
}

BOOST_AUTO_TEST_CASE(replace_that_cannot_write_throws_with_the_errno_and_keeps_the_old_file) {
    TempDir temp;
    const FileDescriptor folder = open_private_folder(temp.path());
    replace_file(folder.get(), "f", "old", ".tmp-");
    {
        FileSizeLimit tiny(4);
        BOOST_CHECK_EXCEPTION(replace_file(folder.get(), "f", "much longer", ".tmp-"), StorageError,
                              with_errno(EFBIG));
    }
    BOOST_TEST(read_regular_file(folder.get(), "f", 100).value_or("") == "old");
    BOOST_TEST(list_folder(folder.get()) == std::vector<std::string>{"f"});
}

BOOST_AUTO_TEST_CASE(storage_error_carries_errno_its_name_and_the_reason) {
    const StorageError error(ENOSPC, "cannot write a file");
    BOOST_TEST(error.error() == ENOSPC);
    BOOST_TEST(error.error_name() == "ENOSPC");
    BOOST_TEST(std::string(error.what()) == "cannot write a file: No space left on device");
    const std::runtime_error& base = error;
    BOOST_TEST(std::string(base.what()).find("No space") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
