// StorageError: the session folder could not be read or written (not "no such session").
#pragma once

#include <string.h>

#include <stdexcept>
#include <string>
#include <system_error>

namespace orggate {

// Thrown by the session store for any read or write failure other than "the file is not
// there": EIO, EMFILE, ENOSPC, EROFS... The web layer answers it with the 503 storage page, so
// a disk problem is never mistaken for a logout or a lost session.
class StorageError : public std::runtime_error {
public:
    StorageError(int error, const std::string& what)
        : std::runtime_error(what + ": " + std::generic_category().message(error)), error_(error) {}

    // The errno of the failed call.
    int error() const { return error_; }
    // Its symbolic name ("EIO"), for log lines.
    std::string error_name() const {
        const char* name = ::strerrorname_np(error_);
        return name != nullptr ? name : std::to_string(error_);
    }

private:
    int error_;
};

}  // namespace orggate
