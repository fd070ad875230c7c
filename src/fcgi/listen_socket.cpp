// Opening the FastCGI listening socket through libfcgi, or checking an inherited one.
#include "fcgi/listen_socket.hpp"

#include <fcgiapp.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace orggate::fcgi {
namespace {

constexpr int kBacklog = 1024;

bool is_unix_path(const std::string& address) {
    return address.find('/') != std::string::npos;
}

int inherited_socket(const std::string& address) {
    const std::string number = address.substr(3);
    const int fd = number.empty() || number.size() > 4 ? -1 : std::atoi(number.c_str());
    struct stat info {};
    if (fd < 0 || fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) {
        throw std::runtime_error(
            "no listening socket was passed in (fd " + number +
            "): set ORGGATE_SOCKET or --socket, or start orggate from spawn-fcgi or a "
            "systemd socket unit");
    }
    return fd;
}

// A socket file left by a crashed run is replaced; anything else at that path is kept.
void clear_stale_socket(const std::string& path) {
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) return;
    if (!S_ISSOCK(info.st_mode)) {
        throw std::runtime_error(path + " exists and is not a socket; not replacing it");
    }
    unlink(path.c_str());
}

}  // namespace

int open_listen_socket(const std::string& address) {
    int fd = -1;
    if (address.rfind("fd:", 0) == 0) {
        fd = inherited_socket(address);
    } else {
        if (is_unix_path(address)) clear_stale_socket(address);
        if (!is_unix_path(address) && address.find(':') == 0) {
            throw std::runtime_error("ORGGATE_SOCKET " + address +
                                     " has no host; use 127.0.0.1:PORT or a unix socket path");
        }
        fd = FCGX_OpenSocket(address.c_str(), kBacklog);
        if (fd < 0) {
            throw std::runtime_error("cannot listen on " + address + ": " + std::strerror(errno));
        }
        // nginx runs as another user in the socket's group; nobody else may connect.
        if (is_unix_path(address)) chmod(address.c_str(), 0660);
    }
    // Workers poll before accepting; a non-blocking socket lets the losers of a race go back
    // to polling instead of blocking in accept() where a shutdown could not reach them.
    const int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    return fd;
}

void remove_listen_socket(const std::string& address) {
    if (address.rfind("fd:", 0) != 0 && is_unix_path(address)) unlink(address.c_str());
}

}  // namespace orggate::fcgi
