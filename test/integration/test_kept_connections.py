"""nginx's connections to orggate stay open between requests (upstream keepalive +
fastcgi_keep_conn): orggate serves request after request on one connection, lets go of those
nginx closes, bounds how many it holds, and answers what has arrived when it stops."""

import os
import signal
import socket
import struct
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import fastcgi_wire as wire
import stack
from stack import Stack

KEEP_CONN = 1
THREADS = 2
BOUND = max(THREADS * 16, 256)  # Server::kConnectionsPerThread, kMinConnections


def page_request(path, keep=True):
    params = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "REQUEST_URI": path,
              "QUERY_STRING": "", "HTTP_HOST": "127.0.0.1"}
    begin = wire.record(wire.BEGIN_REQUEST,
                        struct.pack(">HB5x", wire.RESPONDER, KEEP_CONN if keep else 0))
    return (begin + wire.record(wire.PARAMS, wire.encode_params(params))
            + wire.record(wire.PARAMS, b"") + wire.record(wire.STDIN, b""))


def socket_inodes(pid):
    """The sockets a process holds open, by inode."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:
            continue
        if target.startswith("socket:["):
            inodes.add(target)
    return inodes


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def closed_by_peer(conn, timeout=5.0):
    conn.settimeout(timeout)
    try:
        return conn.recv(1) == b""
    except ConnectionResetError:
        return True


class DirectTest(unittest.TestCase):
    """orggate alone, spoken to as nginx would."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="orggate-kept-")
        self.socket_path = str(Path(self.tmp.name) / "orggate.sock")
        settings = stack.base_settings(Path(self.tmp.name) / "sessions")
        self.orggate = subprocess.Popen(
            [str(stack.orggate_binary()), "--socket", self.socket_path, "--threads",
             str(THREADS)],
            env=stack.clean_environment(settings), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.assertTrue(wait_until(lambda: Path(self.socket_path).exists(), 10),
                        "orggate did not create its socket")
        self.connections = []

    def tearDown(self):
        for conn in self.connections:
            conn.close()
        if self.orggate.poll() is None:
            self.orggate.kill()
        self.orggate.communicate(timeout=10)
        self.tmp.cleanup()

    def connect(self):
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(10)
        conn.connect(self.socket_path)
        self.connections.append(conn)
        return conn

    def assert_page(self, response, heading):
        text = response.decode()
        self.assertTrue(text.startswith("Status: 200 OK\r\n"), text[:200])
        self.assertIn(heading, text)
        self.assertTrue(text.rstrip().endswith("</html>"), text[-200:])

    def test_request_after_request_is_answered_on_one_kept_connection(self):
        conn = self.connect()
        for i in range(100):
            path, heading = ("/page2", "<h1>This is Page 2</h1>") if i % 2 else ("/", "<h1>")
            conn.sendall(page_request(path))
            self.assert_page(wire.read_response(conn), heading)
        # Still open: a last request without FCGI_KEEP_CONN is answered, then orggate closes.
        conn.sendall(page_request("/page2", keep=False))
        self.assert_page(wire.read_response(conn), "<h1>This is Page 2</h1>")
        self.assertTrue(closed_by_peer(conn), "orggate kept a connection nginx did not keep")

    def test_connections_nginx_closes_are_let_go(self):
        baseline = len(socket_inodes(self.orggate.pid))
        for conn in [self.connect() for _ in range(20)]:
            conn.sendall(page_request("/page2"))
            self.assert_page(wire.read_response(conn), "<h1>This is Page 2</h1>")
        self.assertEqual(len(socket_inodes(self.orggate.pid)), baseline + 20)
        for conn in self.connections:
            conn.close()
        self.connections = []
        self.assertTrue(wait_until(lambda: len(socket_inodes(self.orggate.pid)) == baseline),
                        f"{len(socket_inodes(self.orggate.pid)) - baseline} sockets left open")

    def test_past_the_bound_a_connection_waits_until_one_closes(self):
        idle = [self.connect() for _ in range(BOUND)]
        for conn in idle:  # each answered once, so orggate has surely taken them all
            conn.sendall(page_request("/page2"))
            wire.read_response(conn)
        waiting = self.connect()
        waiting.sendall(page_request("/page2"))
        waiting.settimeout(1.0)
        with self.assertRaises(socket.timeout, msg="a connection past the bound was served"):
            waiting.recv(1)
        idle[0].close()
        waiting.settimeout(10)
        self.assert_page(wire.read_response(waiting), "<h1>This is Page 2</h1>")
        # The others were kept all along, and still work.
        idle[1].sendall(page_request("/page2"))
        self.assert_page(wire.read_response(idle[1]), "<h1>This is Page 2</h1>")

    def test_a_stop_answers_what_has_arrived_then_closes_kept_connections(self):
        kept = self.connect()
        kept.sendall(page_request("/page2"))
        wire.read_response(kept)
        # Sent while orggate is frozen, so the connection is still in the listen queue when
        # the stop begins: it is answered all the same.
        self.orggate.send_signal(signal.SIGSTOP)
        arriving = self.connect()
        arriving.sendall(page_request("/page2"))
        self.orggate.send_signal(signal.SIGTERM)
        self.orggate.send_signal(signal.SIGCONT)
        self.assert_page(wire.read_response(arriving), "<h1>This is Page 2</h1>")
        self.assertTrue(closed_by_peer(kept), "an idle kept connection was not closed at stop")
        self.assertEqual(self.orggate.wait(timeout=10), 0)


class ThroughNginxTest(unittest.TestCase):
    def test_nginx_reuses_its_connections_and_a_reload_lets_the_old_ones_go(self):
        with Stack() as site:
            def fetch_many(count):
                for _ in range(count):
                    self.assertEqual(site.get("/page2").status, 200)

            before = socket_inodes(site.orggate.pid)
            fetch_many(100)
            first = socket_inodes(site.orggate.pid) - before
            fetch_many(100)
            second = socket_inodes(site.orggate.pid) - before
            # One request at a time: nginx keeps one connection and uses it for all 200.
            self.assertGreaterEqual(len(first), 1)
            self.assertLessEqual(len(first), 2, first)
            self.assertEqual(first, second, "nginx opened new connections instead of reusing")
            # A reload starts new nginx workers; the old ones close their kept connections.
            master = int((site.prefix / "logs" / "nginx.pid").read_text())
            os.kill(master, signal.SIGHUP)
            self.assertTrue(wait_until(lambda: not (socket_inodes(site.orggate.pid) & first),
                                       timeout=10),
                            "orggate still holds the connections of nginx's old workers")
            fetch_many(20)
            self.assertIsNone(site.orggate.poll())


if __name__ == "__main__":
    unittest.main()
