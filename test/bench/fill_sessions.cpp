// make bench's session filler: writes N live sessions into a session folder, as orggate stores
// them.
//
// Usage: bench-sessions FOLDER COUNT SAMPLE < record.json
// The record is one session file as orggate wrote it (a real login's, say). Every new session
// gets that record with created_at and last_seen_at set to now, encoded by orggate's own codec,
// under a fresh id at the place orggate's own layout gives it (0700 shard folders, 0600 files).
// SAMPLE of the new ids, spread evenly over them, are printed one a line for the bench's cookies.
// No fsync and no temporary file, unlike the store: the bench needs speed, not durability, and
// the files end up the same.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>
#include <future>
#include <iostream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "crypto/random.hpp"
#include "session/private_folder.hpp"
#include "session/session_codec.hpp"
#include "session/session_file_name.hpp"
#include "session/session_id.hpp"

using namespace orggate;

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

// The record every session gets: the template's, made live now.
std::string fresh_record(const std::string& template_json) {
    std::optional<Session> session = decode_session(template_json);
    if (!session) throw std::runtime_error("the record on stdin is not a session record");
    const std::int64_t now = std::time(nullptr);
    session->created_at = now;
    session->last_seen_at = now;
    return encode_session(*session);
}

// The shard folders, created 0700 where missing, opened once.
std::vector<FileDescriptor> open_shards(int folder_fd) {
    std::vector<FileDescriptor> shards;
    for (std::size_t index = 0; index < kSessionShards; ++index) {
        const std::string name = session_shard_name(index);
        if (::mkdirat(folder_fd, name.c_str(), 0700) != 0 && errno != EEXIST) {
            fail("cannot create shard " + name);
        }
        shards.push_back(open_subfolder(folder_fd, name));
        if (!shards.back().valid()) fail("cannot open shard " + name);
    }
    return shards;
}

void write_session(int shard_fd, const std::string& file, const std::string& record) {
    FileDescriptor fd(::openat(shard_fd, file.c_str(),
                               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid()) fail("cannot create " + file);
    if (::write(fd.get(), record.data(), record.size()) != static_cast<ssize_t>(record.size())) {
        fail("cannot write " + file);
    }
}

// One writer's share: `count` new sessions; returns every `every`-th id (none for 0).
std::vector<std::string> write_share(const std::vector<FileDescriptor>& shards, std::size_t count,
                                     std::size_t every, const std::string& record) {
    crypto::OpenSslTokenSource tokens;
    std::vector<std::string> sampled;
    for (std::size_t written = 0; written < count; ++written) {
        std::string id = new_session_id(tokens);
        const SessionFileName name = session_file_name(id);
        write_session(shards[name.shard_index].get(), name.file, record);
        if (every != 0 && written % every == 0) sampled.push_back(std::move(id));
    }
    return sampled;
}

// Two writers: nearly all the time goes to the kernel creating inodes, and two shards' folders
// are mostly in different block groups (200,000 sessions here: 8.3 s with one, 4.4 s with two).
std::vector<std::string> fill(const std::string& folder, std::size_t count, std::size_t sample,
                              const std::string& record) {
    constexpr std::size_t kWriters = 2;
    const FileDescriptor root = open_private_folder(folder);
    const std::vector<FileDescriptor> shards = open_shards(root.get());
    const std::size_t every = sample == 0 ? 0 : std::max<std::size_t>(count / sample, 1);
    std::vector<std::future<std::vector<std::string>>> writers;
    for (std::size_t writer = 0; writer < kWriters; ++writer) {
        const std::size_t share = count / kWriters + (writer < count % kWriters ? 1 : 0);
        writers.push_back(std::async(std::launch::async, write_share, std::cref(shards), share,
                                     every, std::cref(record)));
    }
    std::vector<std::string> sampled;
    for (auto& writer : writers) {
        for (std::string& id : writer.get())
            sampled.push_back(std::move(id));
    }
    sampled.resize(std::min(sampled.size(), sample));
    return sampled;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: bench-sessions FOLDER COUNT SAMPLE < record.json\n";
        return 2;
    }
    try {
        const std::string template_json{std::istreambuf_iterator<char>(std::cin), {}};
        for (const std::string& id :
             fill(argv[1], std::stoul(argv[2]), std::stoul(argv[3]), fresh_record(template_json)))
            std::cout << id << '\n';
        std::cout.flush();
        return std::cout ? 0 : 1;
    } catch (const std::exception& error) {
        std::cerr << "bench-sessions: " << error.what() << '\n';
        return 1;
    }
}
