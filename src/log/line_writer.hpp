// Writing log lines to a file descriptor whole, from any thread, without a lock.
#pragma once

#include <string_view>

namespace orggate {

// Writes `line` and a newline in one writev(2) call, no stdio and no lock: the kernel keeps a
// write of up to PIPE_BUF bytes to a pipe or a stream socket (journald's stderr) in one piece,
// and appends a write to a file at once, so lines from many threads never mix. What a short
// write leaves (a line beyond PIPE_BUF, a full non-blocking pipe) is written after it, waiting
// for room. False when the descriptor takes nothing more (closed, reader gone).
bool write_line(int fd, std::string_view line);

}  // namespace orggate
