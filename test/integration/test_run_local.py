"""scripts/run-local (`make run`): serves; Ctrl-C/SIGTERM stop both; either dying stops the run."""

import os
import signal
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from processes import free_port
from stack import REPO, base_settings, build_dir, clean_environment

RUN_LOCAL = str(REPO / "scripts/run-local")


def descendants(pid):
    """Every process below pid (Linux /proc children lists)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found.append(child)
            found.extend(descendants(child))
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def command_name(pid):
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


class RunLocalTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="orggate-run-")
        self.addCleanup(tmp.cleanup)
        self.run_dir = Path(tmp.name)
        self.port = free_port()
        self.process = None
        self.children = []
        self.addCleanup(self.kill_everything)

    def start(self):
        settings = base_settings(self.run_dir / "sessions")
        del settings["ORGGATE_PUBLIC_URL"]  # run-local's own default is under test
        self.process = subprocess.Popen(
            [RUN_LOCAL, "--build", str(build_dir()), "--port", str(self.port),
             "--run-dir", str(self.run_dir)],
            env=clean_environment(settings), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        lines = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if f"open http://127.0.0.1:{self.port}" in line:
                self.children = descendants(self.process.pid)
                return
        self.fail("run-local never said it was ready:\n" + "".join(lines))

    def kill_everything(self):
        if self.process is None:
            return
        # Also whatever run-local left behind: a failing test must not leak servers.
        for pid in set(descendants(self.process.pid)) | set(self.children):
            if alive(pid) and command_name(pid) in ("orggate", "nginx"):
                os.kill(pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdout.close()

    def wait_exit(self, timeout=20):
        code = self.process.wait(timeout)
        rest = self.process.stdout.read()
        return code, rest

    def get_status(self, path):
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
            return connection.recv(64).split()[1].decode()

    def assert_no_orphans(self):
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in self.children) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual([pid for pid in self.children if alive(pid)], [])

    def test_serves_and_stops_both_on_sigterm(self):
        self.start()
        names = [command_name(pid) for pid in self.children]
        self.assertTrue({"orggate", "nginx"} <= set(names), names)
        self.assertEqual(self.get_status("/"), "200")
        self.assertEqual(self.get_status("/static/orggate.css"), "200")
        self.process.send_signal(signal.SIGTERM)
        code, _ = self.wait_exit()
        self.assertEqual(code, 0)
        self.assert_no_orphans()

    def test_the_public_url_defaults_to_the_runs_own_address(self):
        self.start()
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            connection.sendall(f"GET /login HTTP/1.0\r\nHost: 127.0.0.1:{self.port}\r\n\r\n"
                               .encode())
            head = b""
            while b"\r\n\r\n" not in head and (chunk := connection.recv(4096)):
                head += chunk
        location = next(line.split(":", 1)[1].strip() for line in head.decode().split("\r\n")
                        if line.lower().startswith("location:"))
        redirect_uri = parse_qs(urlsplit(location).query)["redirect_uri"][0]
        self.assertEqual(redirect_uri, f"http://127.0.0.1:{self.port}/login/authorized")

    def test_ctrl_c_stops_both(self):
        self.start()
        # A terminal sends SIGINT to the whole foreground process group.
        os.killpg(self.process.pid, signal.SIGINT)
        code, _ = self.wait_exit()
        self.assertEqual(code, 0)
        self.assert_no_orphans()

    def test_when_orggate_dies_nginx_is_stopped_and_the_run_fails(self):
        self.start()
        orggate = [pid for pid in self.children if command_name(pid) == "orggate"]
        self.assertEqual(len(orggate), 1)
        os.kill(orggate[0], signal.SIGKILL)
        code, output = self.wait_exit()
        self.assertNotEqual(code, 0)
        self.assertIn("orggate exited", output)
        self.assert_no_orphans()

    def test_a_busy_port_is_reported_before_starting_anything(self):
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", self.port))
            busy.listen()
            self.process = subprocess.Popen(
                [RUN_LOCAL, "--build", str(build_dir()), "--port", str(self.port),
                 "--run-dir", str(self.run_dir)],
                env=clean_environment(base_settings(self.run_dir / "sessions")),
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, start_new_session=True)
            code, output = self.wait_exit()
        self.assertNotEqual(code, 0)
        self.assertIn(f"port {self.port}", output)
        self.assertIn("already in use", output)


if __name__ == "__main__":
    unittest.main()
