"""The gate check's own socket (HTTP/1.1, ORGGATE_CHECK_SOCKET): nginx keeps its connections to it
from one protected request to the next, it answers the check and nothing else, refuses what is
not a body-less HTTP/1.x request with a plain 400, and comes from systemd as fd 4."""

import socket
import tempfile
import unittest
from pathlib import Path

from held_socket import SocketActivatedStack
from page import COOKIE_NAME
from stack import Stack, make_user
from test_kept_connections import socket_inodes

SECRET = "behind the gate\n"
CHECK_BOUND = 256  # Server::kMinConnections: the Stack runs 4 threads


def protected_folder(folder):
    return (f"location /docs/ {{\n    auth_request /_orggate/check;\n"
            f'    include "@PREFIX@/orggate-protect.conf";\n    alias "{folder}/";\n}}\n')


def exchange(path, data, timeout=10):
    """Sends `data` on a new connection to the unix socket at `path`; returns what came back
    before the peer closed, and the connection if it stayed open."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    conn.connect(str(path))
    conn.sendall(data)
    return conn


class Answers:
    """HTTP answers read off one connection in turn; bytes of the next stay for the next."""

    def __init__(self, conn):
        self.conn, self.data = conn, b""

    def _fill(self):
        chunk = self.conn.recv(4096)
        self.data += chunk
        return bool(chunk)

    def next(self):
        """(status line, headers, body) of one answer with a Content-Length, or none (a 204)."""
        while b"\r\n\r\n" not in self.data and self._fill():
            pass
        head, _, self.data = self.data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.data) < length and self._fill():
            pass
        body, self.data = self.data[:length], self.data[length:]
        return lines[0], headers, body


def read_answer(conn):
    return Answers(conn).next()


def check_connections(pid, check_socket_path):
    """The connections on the check socket that process `pid` holds, by inode."""
    accepted = set()
    for row in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = row.split()
        # An accepted connection shows its listener's path; St 03: connected.
        if len(fields) == 8 and fields[7] == str(check_socket_path) and fields[5] == "03":
            accepted.add(f"socket:[{fields[6]}]")
    return accepted & socket_inodes(pid)


def closed_by_peer(conn):
    try:
        return conn.recv(1) == b""
    except ConnectionResetError:
        return True


class CheckSocketTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orggate-check-")
        folder = Path(cls.tmp.name)
        (folder / "file.txt").write_text(SECRET)
        cls.stack = Stack(server_extra=protected_folder(folder))
        cls.stack.start()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        cls.tmp.cleanup()

    def test_nginx_keeps_its_check_connections_from_one_protected_request_to_the_next(self):
        session = self.stack.plant_session(user=make_user("mona", 1000001))

        def fetch_many(count):
            for _ in range(count):
                response = self.stack.get("/docs/file.txt", cookie=session)
                self.assertEqual((response.status, response.text), (200, SECRET))
            return check_connections(self.stack.orggate.pid, self.stack.check_socket_path)

        first = fetch_many(100)
        second = fetch_many(100)
        # One request at a time: one check connection for all 200 (a new one per check would
        # leave no socket in common between the two rounds). Counted on the check socket
        # alone, so a connection an earlier test left open counts the same.
        self.assertGreaterEqual(len(first), 1)
        self.assertLessEqual(len(first), 2, first)
        self.assertEqual(first, second, "nginx opened new check connections instead of reusing")

    def test_the_check_answers_over_http_and_keeps_the_connection(self):
        session = self.stack.plant_session(user=make_user("mona", 1000001, name="Mona Lisa"))
        request = (f"GET /_orggate/check HTTP/1.1\r\nHost: orggate\r\n"
                   f"Cookie: orggate_session={session}\r\nX-Request-Id: t-1\r\n\r\n").encode()
        anonymous = b"GET /_orggate/check HTTP/1.1\r\nHost: orggate\r\nX-Request-Id: t-2\r\n\r\n"
        with exchange(self.stack.check_socket_path, request + anonymous) as conn:
            answers = Answers(conn)  # both may come back in one read
            status, headers, body = answers.next()
            self.assertEqual(status, "HTTP/1.1 204 No Content")
            self.assertEqual(headers.get("x-orggate-user"), "mona")
            self.assertEqual(headers.get("x-orggate-user-id"), "1000001")
            self.assertNotIn("content-length", headers)  # a 204 has none
            self.assertNotIn("set-cookie", headers)
            status, headers, body = answers.next()
            self.assertEqual(status, "HTTP/1.1 401 Unauthorized")
            self.assertEqual((headers.get("content-length"), body), ("0", b""))
            conn.sendall(anonymous)  # still open for the next one
            self.assertEqual(answers.next()[0], "HTTP/1.1 401 Unauthorized")
        # The refusal is in the request log; the admitted check is not (nginx logs the
        # protected request it let through).
        lines = self.stack.orggate_log().splitlines()
        self.assertTrue(any("event=request" in line and "req=t-2" in line and "status=401" in line
                            for line in lines))
        self.assertFalse(any("event=request" in line and "req=t-1" in line for line in lines))

    def test_the_check_socket_is_no_way_in_to_the_pages(self):
        session = self.stack.plant_session(user=make_user("mona", 1000001))
        for path in ("/page1", "/", "/metrics", "/_orggate/signin", "/_orggate/denied"):
            request = (f"GET {path} HTTP/1.1\r\nCookie: orggate_session={session}\r\n\r\n")
            with exchange(self.stack.check_socket_path, request.encode()) as conn:
                status, headers, body = read_answer(conn)
                self.assertEqual(status, "HTTP/1.1 404 Not Found", path)
                self.assertIn(b"gate check only", body)
                self.assertNotIn(b"mona", body)

    def test_what_is_not_a_bodyless_request_gets_a_plain_400_and_a_closed_connection(self):
        for data in (b"GET /_orggate/check HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
                     b"GET /_orggate/check HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                     b"\x01\x01\x00\x01\x00\x08\x00\x00" + b"\x00" * 8 + b"\r\n\r\n",
                     b"GET /_orggate/check HTTP/1.1\nHost: x\r\n\r\n",
                     b"GET /_orggate/check HTTP/1.1\r\n" + b"X-Long: " + b"a" * 40000 + b"\r\n\r\n"):
            with exchange(self.stack.check_socket_path, data) as conn:
                status, headers, body = read_answer(conn)
                self.assertEqual(status, "HTTP/1.1 400 Bad Request", data[:40])
                self.assertEqual(headers.get("connection"), "close")
                self.assertTrue(closed_by_peer(conn))
        self.assertIn("event=http_error", self.stack.orggate_log())
        # orggate goes on serving.
        self.assertEqual(self.stack.get("/docs/file.txt").status, 302)

    def test_a_control_byte_in_another_cookie_leaves_the_check_working(self):
        # nginx forwards such a Cookie as it came (it refuses only NUL, CR and LF); another
        # site on the domain may have set it.
        session = self.stack.plant_session(user=make_user("mona", 1000001))
        errors_before = self.stack.orggate_log().count("event=http_error")
        for byte in ("\x01", "\x08", "\x0b", "\x1f", "\x7f"):
            signed_in = {"Cookie": f"x=a{byte}b; {COOKIE_NAME}={session}"}
            response = self.stack.get("/docs/file.txt", headers=signed_in)
            self.assertEqual((response.status, response.text), (200, SECRET), repr(byte))
            anonymous = {"Cookie": f"x=a{byte}b; {COOKIE_NAME}=not-a-session"}
            response = self.stack.get("/docs/file.txt", headers=anonymous)
            self.assertEqual(response.status, 302, (repr(byte), response.text[:300]))
            self.assertIn("/login/oauth/authorize?", response.header("Location"))
            self.assertNotIn(SECRET, response.text)
        self.assertEqual(self.stack.orggate_log().count("event=http_error"), errors_before)

    def test_silent_connections_filling_the_check_socket_do_not_stall_the_gate(self):
        # Any local process may connect to the check socket and send nothing; at the bound
        # (ORGGATE_THREADS=4: max(4 * 16, 256)) the one that has waited longest makes room.
        session = self.stack.plant_session(user=make_user("mona", 1000001))
        self.assertEqual(self.stack.get("/docs/file.txt", cookie=session).status, 200)
        silent = []
        try:
            for _ in range(CHECK_BOUND + 8):
                conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                conn.settimeout(10)
                conn.connect(str(self.stack.check_socket_path))
                silent.append(conn)
            for _ in range(3):
                response = self.stack.get("/docs/file.txt", cookie=session)
                self.assertEqual((response.status, response.text), (200, SECRET))
                self.assertEqual(self.stack.get("/docs/file.txt").status, 302)
            # The first of them made room; the last are still held.
            self.assertTrue(closed_by_peer(silent[0]))
            silent[-1].settimeout(0.2)
            with self.assertRaises(socket.timeout):
                silent[-1].recv(1)
        finally:
            for conn in silent:
                conn.close()
        self.assertIn(f"event=connections_at_bound socket={self.stack.check_socket_path} ",
                      self.stack.orggate_log())


class CheckSocketSettingsTest(unittest.TestCase):
    def test_off_means_no_check_socket_and_the_start_line_says_so(self):
        with Stack(settings={"ORGGATE_CHECK_SOCKET": "off"}) as stack:
            self.assertFalse(stack.check_socket_path.exists())
            self.assertIn("check_socket=off", stack.orggate_log())
            self.assertEqual(stack.get("/page2").status, 200)

    def test_from_systemd_the_check_socket_is_fd_4(self):
        with tempfile.TemporaryDirectory(prefix="orggate-check-") as tmp:
            (Path(tmp) / "file.txt").write_text(SECRET)
            with SocketActivatedStack(server_extra=protected_folder(tmp)) as stack:
                session = stack.plant_session(user=make_user("mona", 1000001))
                response = stack.get("/docs/file.txt", cookie=session)
                self.assertEqual((response.status, response.text), (200, SECRET))
                self.assertEqual(stack.get("/docs/file.txt").status, 302)
                self.assertIn("check_socket=fd:4", stack.orggate_log())


if __name__ == "__main__":
    unittest.main()
