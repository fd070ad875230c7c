"""orggate started the way systemd's orggate.socket + orggate.service start it: the test holds
the listening socket and hands it to every orggate on fd 3, so restarts keep the socket."""

import os
import socket
import subprocess

from stack import Stack, clean_environment, orggate_binary


class SocketActivatedStack(Stack):
    """The Stack, but the test holds orggate's listening socket as systemd's orggate.socket does:
    every orggate started gets it on fd 3 with LISTEN_FDS=1 and LISTEN_PID=<its own pid>."""

    listener = None

    def start_orggate(self):
        assert self.orggate is None, "orggate is already running"
        if self.listener is None:
            self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.listener.bind(str(self.socket_path))
            os.chmod(self.socket_path, 0o660)
            self.listener.listen(1024)
        fd = self.listener.fileno()
        log = open(self.orggate_log_path, "ab")
        try:
            # The shell's $$ is orggate's pid once it execs, as LISTEN_PID must be.
            self.orggate = subprocess.Popen(
                ["sh", "-c", 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$0"', str(orggate_binary())],
                env=clean_environment(self.settings), stdin=subprocess.DEVNULL,
                stdout=log, stderr=log, pass_fds=(3,), preexec_fn=lambda: os.dup2(fd, 3))
        finally:
            log.close()
        # Nothing to wait for: connections queue in the listener until orggate accepts them.

    def stop(self):
        super().stop()
        if self.listener is not None:
            self.listener.close()
            self.listener = None
