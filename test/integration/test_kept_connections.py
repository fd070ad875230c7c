"""nginx's connections to orggate stay open between requests (upstream keepalive +
fastcgi_keep_conn): orggate serves request after request on one connection, lets go of those
nginx closes, bounds how many it holds (closing the one idle longest to make room for a new
one), and answers what has arrived when it stops."""

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
from processes import free_port
from stack import Stack

KEEP_CONN = 1
THREADS = 2
BOUND = max(THREADS * 16, 256)  # Server::kConnectionsPerThread, kMinConnections
PAGE2 = "<h1>This is Page 2</h1>"
# Between answering a connection and arming it again a worker may be preempted: a test that
# needs one connection to have waited longer than the next leaves this much between them.
ARM_MARGIN = 0.3


def page_request(path, keep=True):
    params = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "REQUEST_URI": path,
              "QUERY_STRING": "", "HTTP_HOST": "127.0.0.1"}
    begin = wire.record(wire.BEGIN_REQUEST,
                        struct.pack(">HB5x", wire.RESPONDER, KEEP_CONN if keep else 0))
    return (begin + wire.record(wire.PARAMS, wire.encode_params(params))
            + wire.record(wire.PARAMS, b"") + wire.record(wire.STDIN, b""))


def count_lines(log, event):
    return sum(1 for line in log.splitlines() if f"event={event} " in line + " ")


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


class OrggateAlone(unittest.TestCase):
    """orggate alone on a unix socket, spoken to as nginx would."""

    def address(self):
        return str(Path(self.tmp.name) / "orggate.sock")

    def listening(self):
        return Path(self.socket_address).exists()

    def new_socket(self):
        return socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="orggate-kept-")
        self.socket_address = self.address()
        settings = stack.base_settings(Path(self.tmp.name) / "sessions")
        self.orggate = subprocess.Popen(
            [str(stack.orggate_binary()), "--socket", self.socket_address, "--threads",
             str(THREADS)],
            env=stack.clean_environment(settings), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.assertTrue(wait_until(self.listening, 10), "orggate did not create its socket")
        self.connections = []
        self.output = None

    def tearDown(self):
        for conn in self.connections:
            conn.close()
        if self.orggate.poll() is None:
            self.orggate.kill()
        if self.output is None:
            self.orggate.communicate(timeout=10)
        self.tmp.cleanup()

    def stop_and_read_log(self):
        self.orggate.send_signal(signal.SIGTERM)
        self.output, _ = self.orggate.communicate(timeout=10)
        return self.output

    def connect(self):
        conn = self.new_socket()
        conn.settimeout(10)
        target = self.socket_address
        if ":" in target:
            host, port = target.rsplit(":", 1)
            target = (host, int(port))
        conn.connect(target)
        self.connections.append(conn)
        return conn

    def assert_page(self, response, heading):
        text = response.decode()
        self.assertTrue(text.startswith("Status: 200 OK\r\n"), text[:200])
        self.assertIn(heading, text)
        self.assertTrue(text.rstrip().endswith("</html>"), text[-200:])

    def assert_served(self, conn):
        conn.sendall(page_request("/page2"))
        self.assert_page(wire.read_response(conn), PAGE2)


class DirectTest(OrggateAlone):

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


class BoundTest(OrggateAlone):
    """At its bound orggate makes room for a new connection by closing the one that has waited
    longest for bytes: nginx may keep more idle connections than the bound (64 per nginx
    worker, one worker per core), and a local process may open connections and send nothing."""

    def fill_to_the_bound(self, count=BOUND):
        """`count` kept connections, each answered once in turn; the first has waited longest."""
        idle = [self.connect() for _ in range(count)]
        for i, conn in enumerate(idle):
            self.assert_served(conn)
            if i == 0:
                time.sleep(ARM_MARGIN)
        return idle

    def test_past_the_bound_a_new_connection_is_served_and_the_one_idle_longest_closed(self):
        idle = self.fill_to_the_bound()
        extra = self.connect()
        extra.settimeout(5)  # at once: nothing else closes a connection for it
        self.assert_served(extra)
        self.assertTrue(closed_by_peer(idle[0]), "the connection idle longest was kept")
        time.sleep(ARM_MARGIN)
        # The others were kept, and still work; each has now waited less than `extra`.
        for conn in idle[1:]:
            self.assert_served(conn)
        # So the next new one closes `extra`, opened last: how long it waited decides.
        self.assert_served(self.connect())
        self.assertTrue(closed_by_peer(extra), "the connection idle longest was kept")
        self.assert_served(idle[1])
        # One line for the episode, not one per connection closed.
        self.assertEqual(count_lines(self.stop_and_read_log(), "connections_at_bound"), 1,
                         self.output[-2000:])

    def test_a_silent_connection_or_a_stalled_request_is_closed_before_idle_kept_ones(self):
        baseline = len(socket_inodes(self.orggate.pid))
        stalled = self.connect()
        request = page_request("/page2")
        stalled.sendall(request[:20])  # the begin record and part of the params
        self.assertTrue(wait_until(
            lambda: len(socket_inodes(self.orggate.pid)) == baseline + 1))
        time.sleep(ARM_MARGIN)
        silent = self.connect()
        self.assertTrue(wait_until(
            lambda: len(socket_inodes(self.orggate.pid)) == baseline + 2))
        time.sleep(ARM_MARGIN)
        idle = self.fill_to_the_bound(BOUND - 2)
        # A byte more of the stalled request does not make it look fresh.
        stalled.sendall(request[20:21])
        time.sleep(ARM_MARGIN)
        self.assert_served(self.connect())
        self.assertTrue(closed_by_peer(stalled), "the stalled request was kept")
        self.assert_served(self.connect())
        self.assertTrue(closed_by_peer(silent), "the silent connection was kept")
        self.assert_served(idle[0])

    def test_the_bound_still_bounds_the_connections_held(self):
        baseline = len(socket_inodes(self.orggate.pid))
        held = self.fill_to_the_bound()
        self.assertEqual(len(socket_inodes(self.orggate.pid)) - baseline, BOUND)
        for _ in range(20):
            held.append(self.connect())
            self.assert_served(held[-1])
            self.assertTrue(
                wait_until(lambda: len(socket_inodes(self.orggate.pid)) - baseline <= BOUND),
                f"orggate holds {len(socket_inodes(self.orggate.pid)) - baseline} connections")
        # The first 20 made room for the last 20.
        for conn in held[:20]:
            self.assertTrue(closed_by_peer(conn))
        self.assertEqual(len(socket_inodes(self.orggate.pid)) - baseline, BOUND)


class TcpBoundTest(BoundTest):
    """The same on a TCP socket (a VPS's check socket on 127.0.0.1:PORT)."""

    def address(self):
        return f"127.0.0.1:{free_port()}"

    def listening(self):
        """Read from the kernel's table: a probing connection would count as one held."""
        port = int(self.socket_address.rsplit(":", 1)[1])
        local = f"0100007F:{port:04X}"
        rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
        return any(row.split()[1] == local and row.split()[3] == "0A" for row in rows)

    def new_socket(self):
        return socket.socket(socket.AF_INET, socket.SOCK_STREAM)


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
