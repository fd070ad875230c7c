"""orggate started the way systemd's orggate.socket + orggate.service start it: the test holds
the listening sockets and hands them to every orggate, FastCGI on fd 3 and the gate check on
fd 4, so restarts keep the sockets."""

import os
import socket
import subprocess

from stack import Stack, clean_environment, orggate_binary


def listening_socket(path):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o660)
    listener.listen(1024)
    return listener


class SocketActivatedStack(Stack):
    """The Stack, but the test holds orggate's listening sockets as systemd's orggate.socket
    does: every orggate started gets them on fd 3 and 4 with LISTEN_FDS=2 and
    LISTEN_PID=<its own pid>."""

    listeners = None

    def start_orggate(self):
        assert self.orggate is None, "orggate is already running"
        if self.listeners is None:
            self.listeners = [listening_socket(self.socket_path),
                              listening_socket(self.check_socket_path)]
        fds = [listener.fileno() for listener in self.listeners]

        def hand_over():
            os.dup2(fds[0], 3)
            os.dup2(fds[1], 4)

        log = open(self.orggate_log_path, "ab")
        try:
            # The shell's $$ is orggate's pid once it execs, as LISTEN_PID must be.
            self.orggate = subprocess.Popen(
                ["sh", "-c", 'LISTEN_PID=$$ LISTEN_FDS=2 exec "$0"', str(orggate_binary())],
                env=clean_environment(self.settings), stdin=subprocess.DEVNULL,
                stdout=log, stderr=log, pass_fds=(3, 4), preexec_fn=hand_over)
        finally:
            log.close()
        # Nothing to wait for: connections queue in the listeners until orggate accepts them.

    def stop(self):
        super().stop()
        for listener in self.listeners or []:
            listener.close()
        self.listeners = None
