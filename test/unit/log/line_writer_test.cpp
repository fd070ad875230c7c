// Log lines reach stderr whole: many threads at once, long lines, a full non-blocking pipe.
#include "log/line_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using orggate::write_line;

namespace {

// A pipe whose read end is drained into `text` by a thread, `pause` between reads.
struct DrainedPipe {
    int fds[2] = {-1, -1};
    std::string text;
    std::thread reader;

    explicit DrainedPipe(std::chrono::microseconds pause = std::chrono::microseconds(0)) {
        BOOST_REQUIRE(pipe(fds) == 0);
        reader = std::thread([this, pause] {
            char chunk[4096];
            for (ssize_t got; (got = read(fds[0], chunk, sizeof chunk)) > 0;) {
                text.append(chunk, static_cast<std::size_t>(got));
                std::this_thread::sleep_for(pause);
            }
        });
    }
    // Closes the write end and waits until everything written has been read.
    const std::string& finish() {
        close(fds[1]);
        reader.join();
        close(fds[0]);
        return text;
    }
};

std::string numbered_line(int thread, int number) {
    return "event=request thread=" + std::to_string(thread) + " n=" + std::to_string(number) +
           " path=/" + std::string(200, 'a' + thread);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(line_writer)

BOOST_AUTO_TEST_CASE(lines_from_many_threads_at_once_arrive_whole_and_all) {
    constexpr int kThreads = 8;
    constexpr int kEach = 4000;
    DrainedPipe pipe;
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([&pipe, t] {
            for (int n = 0; n < kEach; ++n)
                write_line(pipe.fds[1], numbered_line(t, n));
        });
    }
    for (std::thread& writer : writers)
        writer.join();
    std::istringstream lines(pipe.finish());
    std::set<std::string> expected;
    for (int t = 0; t < kThreads; ++t) {
        for (int n = 0; n < kEach; ++n)
            expected.insert(numbered_line(t, n));
    }
    std::size_t count = 0;
    std::size_t mangled = 0;
    for (std::string line; std::getline(lines, line); ++count)
        mangled += expected.erase(line) == 1 ? 0 : 1;
    BOOST_TEST(count == static_cast<std::size_t>(kThreads * kEach));
    BOOST_TEST(mangled == 0u);
    BOOST_TEST(expected.empty());
}

// A full pipe that does not block (a reader that fell behind) must not lose or cut a line.
BOOST_AUTO_TEST_CASE(a_line_longer_than_the_pipe_arrives_whole_through_a_nonblocking_pipe) {
    DrainedPipe pipe(std::chrono::microseconds(200));
    BOOST_REQUIRE(fcntl(pipe.fds[1], F_SETFL, O_NONBLOCK) == 0);
    const std::string line = "event=error msg=" + std::string(300'000, 'x');
    BOOST_TEST(write_line(pipe.fds[1], line));
    BOOST_TEST(write_line(pipe.fds[1], "event=next"));
    const std::string& got = pipe.finish();
    BOOST_TEST(got.size() == line.size() + 12);
    BOOST_TEST((got == line + "\nevent=next\n"));  // not printed: 300 KB
}

BOOST_AUTO_TEST_CASE(an_empty_line_is_a_newline) {
    DrainedPipe pipe;
    BOOST_TEST(write_line(pipe.fds[1], ""));
    BOOST_TEST(pipe.finish() == "\n");
}

BOOST_AUTO_TEST_SUITE_END()
