// The socket orggate accepts FastCGI connections on: made from an address, or inherited.
#pragma once

#include <string>

namespace orggate::serve {

// `address` is a unix socket path, HOST:PORT, or "fd:N" for an inherited listening socket
// (fd 0 from spawn-fcgi, fd 3 from systemd). Returns a non-blocking listening fd; throws
// std::runtime_error with a plain explanation when it cannot.
int open_listen_socket(const std::string& address);

// Where the listening socket `fd` listens, for the log: a unix path or HOST:PORT.
std::string listen_address(int fd);

// Removes a unix socket file this process created (no-op for other addresses).
void remove_listen_socket(const std::string& address);

}  // namespace orggate::serve
