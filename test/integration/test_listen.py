"""Every way orggate gets its socket: a path, 127.0.0.1:PORT, spawn-fcgi's fd 0, systemd's fd 3."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import fastcgi_wire as wire
import stack

PAGE2 = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/page2", "REQUEST_URI": "/page2",
         "QUERY_STRING": "", "HTTP_HOST": "127.0.0.1"}


def fetch_page2(family, address, timeout=10):
    """One complete FastCGI request; retries the connect while orggate starts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as conn:
                conn.settimeout(timeout)
                conn.connect(address)
                conn.sendall(wire.begin_request()
                             + wire.record(wire.PARAMS, wire.encode_params(PAGE2))
                             + wire.record(wire.PARAMS, b"") + wire.record(wire.STDIN, b""))
                return wire.read_response(conn).decode()
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class ListenTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="orggate-listen-")
        self.dir = Path(self.tmp.name)
        self.env = stack.clean_environment(stack.base_settings(self.dir / "sessions"))
        self.process = None

    def tearDown(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.assertEqual(self.process.wait(timeout=10), 0)
        self.tmp.cleanup()

    def start(self, command, **kwargs):
        self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, **kwargs)

    def assert_page2(self, response):
        self.assertTrue(response.startswith("Status: 200 OK\r\n"), response[:200])
        self.assertIn("<h1>This is Page 2</h1>", response)

    def test_unix_socket_path_is_group_accessible_only(self):
        path = str(self.dir / "orggate.sock")
        self.start([str(stack.orggate_binary()), "--socket", path], stdin=subprocess.DEVNULL)
        self.assert_page2(fetch_page2(socket.AF_UNIX, path))
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o660)

    def test_tcp_on_loopback(self):
        port = stack.free_port()
        self.start([str(stack.orggate_binary()), "--socket", f"127.0.0.1:{port}"],
                   stdin=subprocess.DEVNULL)
        self.assert_page2(fetch_page2(socket.AF_INET, ("127.0.0.1", port)))

    def test_tcp_off_loopback_is_refused_before_listening(self):
        port = stack.free_port()
        for address in [f"0.0.0.0:{port}", f":{port}", f"localhost:{port}"]:
            with self.subTest(address=address):
                result = subprocess.run([str(stack.orggate_binary()), "--socket", address],
                                        env=self.env, stdin=subprocess.DEVNULL,
                                        capture_output=True, text=True, timeout=10)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn("ORGGATE_SOCKET must be a unix socket path", result.stderr)
                with socket.socket() as probe:
                    self.assertNotEqual(probe.connect_ex(("127.0.0.1", port)), 0)

    @unittest.skipIf(shutil.which("spawn-fcgi") is None, "spawn-fcgi is not installed")
    def test_spawn_fcgi_passes_the_socket_on_fd_0(self):
        path = str(self.dir / "spawned.sock")
        self.start(["spawn-fcgi", "-n", "-s", path, "--", str(stack.orggate_binary())])
        self.assert_page2(fetch_page2(socket.AF_UNIX, path))

    def test_systemd_socket_activation_passes_fd_3(self):
        path = str(self.dir / "activated.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(16)
        fd = listener.fileno()
        # As systemd does: the socket on fd 3, LISTEN_PID naming the service's own pid.
        self.start(["sh", "-c", 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$0"', str(stack.orggate_binary())],
                   stdin=subprocess.DEVNULL, pass_fds=(3,), preexec_fn=lambda: os.dup2(fd, 3))
        try:
            self.assert_page2(fetch_page2(socket.AF_UNIX, path))
        finally:
            listener.close()

    def test_no_socket_at_all_is_a_clear_error(self):
        result = subprocess.run([str(stack.orggate_binary())], env=self.env,
                                stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=10)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ORGGATE_SOCKET", result.stderr)
        self.assertIn("spawn-fcgi", result.stderr)


if __name__ == "__main__":
    unittest.main()
