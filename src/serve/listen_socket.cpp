// Opening the FastCGI listening socket (a unix path or 127.x.x.x:PORT), or checking an
// inherited one.
#include "serve/listen_socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace orggate::serve {
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

int bind_and_listen(int fd, const sockaddr* address, socklen_t length) {
    if (bind(fd, address, length) == 0 && listen(fd, kBacklog) == 0) return fd;
    const int error = errno;
    close(fd);
    errno = error;
    return -1;
}

int listen_unix(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    return bind_and_listen(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
}

// HOST:PORT with a numeric IPv4 host (the settings only admit 127.x.x.x).
int listen_tcp(const std::string& host_port) {
    const std::size_t colon = host_port.rfind(':');
    sockaddr_in address{};
    address.sin_family = AF_INET;
    const int port = std::atoi(host_port.c_str() + colon + 1);
    if (colon == std::string::npos || port <= 0 || port > 65535 ||
        inet_pton(AF_INET, host_port.substr(0, colon).c_str(), &address.sin_addr) != 1) {
        errno = EINVAL;
        return -1;
    }
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    // A restart must not wait for the last run's connections to leave TIME_WAIT.
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    return bind_and_listen(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
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
        fd = is_unix_path(address) ? listen_unix(address) : listen_tcp(address);
        if (fd < 0) {
            throw std::runtime_error("cannot listen on " + address + ": " + std::strerror(errno));
        }
        // nginx runs as another user in the socket's group; nobody else may connect.
        if (is_unix_path(address)) chmod(address.c_str(), 0660);
    }
    // Workers wait in epoll, then accept until none is left: accept() must not block.
    const int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    return fd;
}

std::string listen_address(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "unknown";
    if (address.ss_family == AF_UNIX) {
        const auto& local = reinterpret_cast<const sockaddr_un&>(address);
        return std::string(local.sun_path, strnlen(local.sun_path, sizeof local.sun_path));
    }
    if (address.ss_family != AF_INET) return "unknown";
    const auto& inet = reinterpret_cast<const sockaddr_in&>(address);
    char host[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &inet.sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(inet.sin_port));
}

void remove_listen_socket(const std::string& address) {
    if (address.rfind("fd:", 0) != 0 && is_unix_path(address)) unlink(address.c_str());
}

}  // namespace orggate::serve
