// The POSIX file primitives under the session store, on real files.
#include "session/private_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>

#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace orggate;
using orggate::testing::TempDir;

namespace {

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(private_folder)

BOOST_AUTO_TEST_CASE(read_returns_at_most_one_byte_over_the_limit) {
    TempDir temp;
    write_text(temp / "f", std::string(100, 'x'));
    const FileDescriptor folder = open_private_folder(temp.path());
    BOOST_TEST(read_regular_file(folder.get(), "f", 200).value_or("").size() == 100u);
    BOOST_TEST(read_regular_file(folder.get(), "f", 10).value_or("").size() == 11u);
}

BOOST_AUTO_TEST_CASE(read_refuses_links_folders_and_missing_files) {
    TempDir temp;
    write_text(temp / "f", "x");
    fs::create_symlink(temp / "f", temp / "link");
    fs::create_directory(temp / "sub");
    const FileDescriptor folder = open_private_folder(temp.path());
    BOOST_TEST(!read_regular_file(folder.get(), "link", 100));
    BOOST_TEST(!read_regular_file(folder.get(), "sub", 100));
    BOOST_TEST(!read_regular_file(folder.get(), "missing", 100));
}

BOOST_AUTO_TEST_CASE(replace_writes_a_0600_file_and_leaves_nothing_else) {
    TempDir temp;
    const FileDescriptor folder = open_private_folder(temp.path());
    replace_file(folder.get(), "f", "new", ".tmp-");
    replace_file(folder.get(), "f", "newer", ".tmp-");
    BOOST_TEST(read_regular_file(folder.get(), "f", 100).value_or("") == "newer");
    struct stat st {};
    BOOST_TEST_REQUIRE(::stat((temp / "f").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 07777) == 0600u);
    BOOST_TEST(list_folder(folder.get()) == std::vector<std::string>{"f"});
}

BOOST_AUTO_TEST_CASE(replace_failure_removes_its_temporary_file) {
    TempDir temp;
    fs::create_directory(temp / "f");
    const FileDescriptor folder = open_private_folder(temp.path());
    BOOST_CHECK_THROW(replace_file(folder.get(), "f", "x", ".tmp-"), std::runtime_error);
    BOOST_TEST(list_folder(folder.get()) == std::vector<std::string>{"f"});
}

BOOST_AUTO_TEST_CASE(subfolders_are_created_0700_and_never_opened_through_a_link) {
    TempDir temp;
    fs::create_directory(temp / "real");
    fs::create_directory_symlink(temp / "real", temp / "link");
    const FileDescriptor folder = open_private_folder(temp.path());
    BOOST_TEST(create_subfolder(folder.get(), "new").valid());
    struct stat st {};
    BOOST_TEST_REQUIRE(::stat((temp / "new").c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 07777) == 0700u);
    BOOST_TEST(!open_subfolder(folder.get(), "link").valid());
    BOOST_CHECK_THROW(create_subfolder(folder.get(), "link"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(written_before_counts_only_regular_files) {
    TempDir temp;
    write_text(temp / "f", "x");
    fs::create_symlink(temp / "f", temp / "link");
    const FileDescriptor folder = open_private_folder(temp.path());
    const std::int64_t far_future = 4'000'000'000;
    BOOST_TEST(written_before(folder.get(), "f", far_future));
    BOOST_TEST(!written_before(folder.get(), "f", 0));
    BOOST_TEST(!written_before(folder.get(), "link", far_future));
    BOOST_TEST(!written_before(folder.get(), "missing", far_future));
}

BOOST_AUTO_TEST_CASE(remove_ignores_a_missing_file) {
    TempDir temp;
    const FileDescriptor folder = open_private_folder(temp.path());
    BOOST_CHECK_NO_THROW(remove_file(folder.get(), "missing"));
    BOOST_TEST(!try_remove_file(folder.get(), "missing"));
}

BOOST_AUTO_TEST_SUITE_END()
