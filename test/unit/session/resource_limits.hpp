// Real EMFILE and EFBIG for storage fault tests: process limits lowered for one scope.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <stdexcept>

#include "session/storage_error.hpp"

namespace orggate::testing {

// While alive, the process can open only `spare` more descriptors (from the lowest free one):
// the next open fails with EMFILE, as on a server out of descriptors.
class DescriptorLimit {
public:
    explicit DescriptorLimit(rlim_t spare) {
        if (::getrlimit(RLIMIT_NOFILE, &saved_) != 0) throw std::runtime_error("getrlimit");
        const int lowest_free = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (lowest_free < 0) throw std::runtime_error("open /dev/null");
        ::close(lowest_free);
        rlimit lowered = saved_;
        lowered.rlim_cur = static_cast<rlim_t>(lowest_free) + spare;
        if (::setrlimit(RLIMIT_NOFILE, &lowered) != 0) throw std::runtime_error("setrlimit");
    }
    ~DescriptorLimit() { ::setrlimit(RLIMIT_NOFILE, &saved_); }
    DescriptorLimit(const DescriptorLimit&) = delete;
    DescriptorLimit& operator=(const DescriptorLimit&) = delete;

private:
    rlimit saved_{};
};

// The errno of the StorageError that `call` throws while only `spare` more descriptors can be
// opened, or 0 when it throws none. Nothing else runs meanwhile, no Boost.Test macro either:
// the sanitizers' own checks need descriptors (UBSan opens a pipe the first time it checks a
// type), so the types met under the limit are met once before it.
template <typename Call>
int storage_errno_with_descriptors(rlim_t spare, const Call& call) {
    try {
        throw StorageError(EMFILE, "met before the limit");
    } catch (const StorageError& error) {
        if (error.error() != EMFILE) throw std::logic_error("StorageError lost its errno");
    }
    DescriptorLimit limit(spare);
    try {
        call();
    } catch (const StorageError& error) {
        return error.error();
    }
    return 0;
}

// While alive, no file can grow past `bytes`: a longer write fails with EFBIG, a write error
// like ENOSPC or EIO (SIGXFSZ, which would end the process, is ignored meanwhile).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        if (::getrlimit(RLIMIT_FSIZE, &saved_) != 0) throw std::runtime_error("getrlimit");
        saved_signal_ = ::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = saved_;
        lowered.rlim_cur = bytes;
        if (::setrlimit(RLIMIT_FSIZE, &lowered) != 0) throw std::runtime_error("setrlimit");
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &saved_);
        ::signal(SIGXFSZ, saved_signal_);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit saved_{};
    sighandler_t saved_signal_ = SIG_DFL;
};

}  // namespace orggate::testing
