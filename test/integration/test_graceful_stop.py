"""SIGTERM while a request is in flight: orggate answers it in full, then exits 0."""

import signal
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import fastcgi_wire as wire
import stack


class GracefulStopTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="orggate-stop-")
        self.socket_path = str(Path(self.tmp.name) / "orggate.sock")
        settings = stack.base_settings(Path(self.tmp.name) / "sessions")
        self.orggate = subprocess.Popen(
            [str(stack.orggate_binary()), "--socket", self.socket_path, "--threads", "2"],
            env=stack.clean_environment(settings), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 10
        while not Path(self.socket_path).exists():
            self.assertIsNone(self.orggate.poll(), "orggate exited during start-up")
            self.assertLess(time.monotonic(), deadline, "orggate did not create its socket")
            time.sleep(0.05)

    def tearDown(self):
        if self.orggate.poll() is None:
            self.orggate.kill()
        self.orggate.communicate(timeout=10)
        self.tmp.cleanup()

    def test_a_request_in_flight_is_finished_before_exit(self):
        params = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/page2", "REQUEST_URI": "/page2",
                  "QUERY_STRING": "", "HTTP_HOST": "127.0.0.1"}
        with socket.socket(socket.AF_UNIX) as conn:
            conn.settimeout(10)
            conn.connect(self.socket_path)
            # Half a request: orggate has accepted it and waits for the end of the params.
            conn.sendall(wire.begin_request() + wire.record(wire.PARAMS, wire.encode_params(params)))
            time.sleep(0.3)
            self.orggate.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            self.assertIsNone(self.orggate.poll(), "orggate exited with a request in flight")
            conn.sendall(wire.record(wire.PARAMS, b"") + wire.record(wire.STDIN, b""))
            response = wire.read_response(conn).decode()
        self.assertTrue(response.startswith("Status: 200 OK\r\n"), response[:200])
        self.assertIn("<h1>This is Page 2</h1>", response)
        self.assertIn("</html>", response)
        self.assertEqual(self.orggate.wait(timeout=10), 0)
        output, _ = self.orggate.communicate(timeout=10)
        self.assertIn("method=GET path=/page2 status=200", output)
        self.assertFalse(Path(self.socket_path).exists(), "the socket file was left behind")

    def test_sigint_also_stops_cleanly(self):
        self.orggate.send_signal(signal.SIGINT)
        self.assertEqual(self.orggate.wait(timeout=10), 0)


if __name__ == "__main__":
    unittest.main()
