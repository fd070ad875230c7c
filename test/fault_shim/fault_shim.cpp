// LD_PRELOAD shim for storage fault tests: fails chosen file calls, records folder flushes.
//
// FAULT_SHIM_RULES names a file read afresh at every openat, one rule a line:
//     CALL ERRNO NAME_PART      e.g.  "read EIO .json"  or  "openat EMFILE .json"
// CALL is openat, read, write or fsync; ERRNO is EIO, EMFILE, ENFILE, ENOMEM, ENOSPC or EROFS;
// the rule applies to files whose name as passed to openat contains NAME_PART ("*": any).
// A read/write/fsync rule marks the descriptor when the file is opened, so a test can clear
// the rules and the next request reads normally.
// FAULT_SHIM_LOG names a file that gets one line per mkdirat, renameat, unlinkat ("OP
// FOLDER NAME") and fsync ("fsync PATH"), in order, so a test can check folders are flushed.
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

enum Call { kOpenat, kRead, kWrite, kFsync, kCallCount };
constexpr const char* kCallNames[kCallCount] = {"openat", "read", "write", "fsync"};
constexpr int kMaxFd = 65536;

struct ErrnoName {
    const char* name;
    int value;
};
constexpr ErrnoName kErrnos[] = {{"EIO", EIO},       {"EMFILE", EMFILE}, {"ENFILE", ENFILE},
                                 {"ENOMEM", ENOMEM}, {"ENOSPC", ENOSPC}, {"EROFS", EROFS}};

// The errno each open descriptor is to fail read, write and fsync with (0: none).
std::atomic<int> g_marks[kMaxFd][kCallCount];

template <typename F>
F real(const char* name) {
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

// The rules file's bytes, read with raw system calls so the shim never re-enters itself.
std::string read_rules() {
    const char* path = std::getenv("FAULT_SHIM_RULES");
    if (path == nullptr) return {};
    const int fd = static_cast<int>(::syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC));
    if (fd < 0) return {};
    std::string text;
    char chunk[1024];
    long n;
    while ((n = ::syscall(SYS_read, fd, chunk, sizeof chunk)) > 0)
        text.append(chunk, n);
    ::syscall(SYS_close, fd);
    return text;
}

int errno_named(const std::string& name) {
    for (const ErrnoName& entry : kErrnos) {
        if (name == entry.name) return entry.value;
    }
    return 0;
}

// The errno each call is to fail with for a file opened as `name`, by the current rules.
void faults_for(const char* name, int (&faults)[kCallCount]) {
    for (int& fault : faults)
        fault = 0;
    const std::string rules = read_rules();
    std::size_t start = 0;
    while (start < rules.size()) {
        std::size_t end = rules.find('\n', start);
        if (end == std::string::npos) end = rules.size();
        char call[16], error[16], part[256];
        const std::string line = rules.substr(start, end - start);
        start = end + 1;
        if (std::sscanf(line.c_str(), "%15s %15s %255s", call, error, part) != 3) continue;
        if (std::strcmp(part, "*") != 0 && std::strstr(name, part) == nullptr) continue;
        for (int c = 0; c < kCallCount; ++c) {
            if (std::strcmp(call, kCallNames[c]) == 0) faults[c] = errno_named(error);
        }
    }
}

void log_line(const std::string& line) {
    const char* path = std::getenv("FAULT_SHIM_LOG");
    if (path == nullptr) return;
    const int fd = static_cast<int>(
        ::syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    if (fd < 0) return;
    const std::string text = line + "\n";
    ::syscall(SYS_write, fd, text.data(), text.size());
    ::syscall(SYS_close, fd);
}

std::string path_of(int fd) {
    char link[64], target[4096];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    const long n = ::syscall(SYS_readlinkat, AT_FDCWD, link, target, sizeof target - 1);
    return n > 0 ? std::string(target, n) : "?";
}

// Fails with the errno marked for (fd, call), or returns false to let the real call run.
bool marked_failure(int fd, Call call) {
    if (fd < 0 || fd >= kMaxFd) return false;
    const int error = g_marks[fd][call].load(std::memory_order_relaxed);
    if (error == 0) return false;
    errno = error;
    return true;
}

int open_with_faults(const char* symbol, int dirfd, const char* name, int flags, mode_t mode) {
    using Open = int (*)(int, const char*, int, ...);
    static const Open next = real<Open>(symbol);
    int faults[kCallCount];
    faults_for(name, faults);
    if (faults[kOpenat] != 0) {
        errno = faults[kOpenat];
        return -1;
    }
    const int fd = next(dirfd, name, flags, mode);
    if (fd >= 0 && fd < kMaxFd) {
        for (int c = kRead; c < kCallCount; ++c)
            g_marks[fd][c].store(faults[c]);
    }
    return fd;
}

mode_t mode_argument(int flags, va_list args) {
    return (flags & (O_CREAT | O_TMPFILE)) != 0 ? static_cast<mode_t>(va_arg(args, int)) : 0;
}

}  // namespace

extern "C" {

int openat(int dirfd, const char* name, int flags, ...) {
    va_list args;
    va_start(args, flags);
    const mode_t mode = mode_argument(flags, args);
    va_end(args);
    return open_with_faults("openat", dirfd, name, flags, mode);
}

int openat64(int dirfd, const char* name, int flags, ...) {
    va_list args;
    va_start(args, flags);
    const mode_t mode = mode_argument(flags, args);
    va_end(args);
    return open_with_faults("openat64", dirfd, name, flags, mode);
}

ssize_t read(int fd, void* buffer, size_t size) {
    static const auto next = real<ssize_t (*)(int, void*, size_t)>("read");
    if (marked_failure(fd, kRead)) return -1;
    return next(fd, buffer, size);
}

ssize_t write(int fd, const void* buffer, size_t size) {
    static const auto next = real<ssize_t (*)(int, const void*, size_t)>("write");
    if (marked_failure(fd, kWrite)) return -1;
    return next(fd, buffer, size);
}

int fsync(int fd) {
    static const auto next = real<int (*)(int)>("fsync");
    log_line("fsync " + path_of(fd));
    if (marked_failure(fd, kFsync)) return -1;
    return next(fd);
}

int close(int fd) {
    static const auto next = real<int (*)(int)>("close");
    if (fd >= 0 && fd < kMaxFd) {
        for (int c = kRead; c < kCallCount; ++c)
            g_marks[fd][c].store(0);
    }
    return next(fd);
}

int mkdirat(int dirfd, const char* name, mode_t mode) {
    static const auto next = real<int (*)(int, const char*, mode_t)>("mkdirat");
    const int result = next(dirfd, name, mode);
    if (result == 0) log_line("mkdirat " + path_of(dirfd) + " " + name);
    return result;
}

int renameat(int from_dir, const char* from, int to_dir, const char* to) {
    static const auto next = real<int (*)(int, const char*, int, const char*)>("renameat");
    const int result = next(from_dir, from, to_dir, to);
    if (result == 0) log_line("renameat " + path_of(to_dir) + " " + to);
    return result;
}

int unlinkat(int dirfd, const char* name, int flags) {
    static const auto next = real<int (*)(int, const char*, int)>("unlinkat");
    const int result = next(dirfd, name, flags);
    if (result == 0) log_line("unlinkat " + path_of(dirfd) + " " + name);
    return result;
}

}  // extern "C"
