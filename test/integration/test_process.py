"""The orggate process itself: its request log, clean shutdown, command line and settings errors."""

import re
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from stack import (Stack, base_settings, clean_environment, make_user, orggate_binary,
                   run_orggate_once)

REQUIRED = ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "APP_SECRET_KEY", "GITHUB_ORG"]
# The fields the product promises, plus the request id nginx passed (matches its access log).
LOG_LINE = re.compile(r"^method=(\S+) path=(\S+) status=(\d{3}) us=\d+(?: req=[0-9a-f]+)?$")


class RequestLogTest(unittest.TestCase):
    def test_one_line_per_request_without_cookies_or_query_strings(self):
        with Stack() as stack:
            cookie = stack.plant_session(user=make_user())
            start = len(stack.request_log_lines())
            requests = [("GET", "/page1?code=SECRETCODE123&state=STATE456", "/page1", 200),
                        ("HEAD", "/", "/", 200),
                        ("GET", "/no-such-page?token=SECRETTOKEN789", "/no-such-page", 404),
                        ("POST", "/page2", "/page2", 405)]
            for method, target, _, _ in requests:
                stack.request(method, target, cookie=cookie)
            stack.get("/static/orggate.css", cookie=cookie)

            lines = stack.wait_for_request_lines(start + len(requests))[start:]
            self.assertEqual(len(lines), len(requests), lines)
            for line, (method, _, path, status) in zip(lines, requests):
                match = LOG_LINE.match(line)
                self.assertIsNotNone(match, line)
                self.assertEqual(match.groups(), (method, path, str(status)))

            log = stack.orggate_log()
            for secret in [cookie, "SECRETCODE123", "STATE456", "SECRETTOKEN789"]:
                self.assertNotIn(secret, log)


class ShutdownTest(unittest.TestCase):
    def test_sigterm_exits_zero_after_serving(self):
        with Stack() as stack:
            self.assertEqual(stack.get("/").status, 200)
            started = time.monotonic()
            self.assertEqual(stack.stop_orggate(), 0)
            self.assertLess(time.monotonic() - started, 5)

    def test_sigterm_with_an_idle_connection_open_still_exits_zero(self):
        with Stack() as stack:
            # A FastCGI client that connects and says nothing must not hold shutdown up.
            with socket.socket(socket.AF_UNIX) as idle:
                idle.connect(str(stack.socket_path))
                self.assertEqual(stack.stop_orggate(), 0)


class CommandLineTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="orggate-it-")
        self.addCleanup(self.tmp.cleanup)
        self.settings = base_settings(Path(self.tmp.name) / "sessions")

    def test_help_and_version_exit_zero(self):
        for flag in ["--help", "--version"]:
            with self.subTest(flag):
                result = run_orggate_once({}, [flag])
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertTrue(result.stdout.strip())
        self.assertIn("--socket", run_orggate_once({}, ["--help"]).stdout)

    def test_missing_settings_exit_2_naming_each(self):
        for missing in [REQUIRED, ["GITHUB_CLIENT_SECRET", "GITHUB_ORG"]]:
            with self.subTest(missing=missing):
                settings = dict(self.settings, **{name: None for name in missing})
                result = run_orggate_once(settings, ["--socket", f"{self.tmp.name}/s.sock"])
                self.assertEqual(result.returncode, 2, result.stderr)
                for name in missing:
                    self.assertIn(name, result.stderr)

    def test_short_secret_key_is_refused_without_echoing_it(self):
        settings = dict(self.settings, APP_SECRET_KEY="too-short-secret")
        result = run_orggate_once(settings, ["--socket", f"{self.tmp.name}/s.sock"])
        self.assertEqual(result.returncode, 2)
        self.assertIn("APP_SECRET_KEY", result.stderr)
        self.assertNotIn("too-short-secret", result.stderr + result.stdout)

    def test_env_file_supplies_settings_and_the_environment_wins(self):
        env_file = Path(self.tmp.name) / "orggate.env"
        file_settings = {name: self.settings[name] for name in REQUIRED}
        env_file.write_text("".join(f"{key}={value}\n" for key, value in file_settings.items()))
        sock = f"{self.tmp.name}/s.sock"
        others = {key: value for key, value in self.settings.items() if key not in REQUIRED}

        result = run_orggate_once(dict(others, APP_SECRET_KEY="short"),
                                  ["--env-file", str(env_file), "--socket", sock])
        self.assertEqual(result.returncode, 2, "the environment's short key should win")
        self.assertIn("APP_SECRET_KEY", result.stderr)

        process = subprocess.Popen([str(orggate_binary()), "--env-file", str(env_file),
                                    "--socket", sock], env=clean_environment(others),
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 10
            while (not Path(sock).exists() and process.poll() is None
                   and time.monotonic() < deadline):
                time.sleep(0.05)
            self.assertIsNone(process.poll(), "orggate did not start from the env file")
        finally:
            process.terminate()
            _, stderr = process.communicate(timeout=10)
        self.assertEqual(process.returncode, 0, stderr)

    def test_missing_env_file_is_an_error(self):
        result = run_orggate_once(self.settings, ["--env-file", f"{self.tmp.name}/nope.env",
                                                  "--socket", f"{self.tmp.name}/s.sock"])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("nope.env", result.stderr)


if __name__ == "__main__":
    unittest.main()
