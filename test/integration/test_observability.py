"""Operating orggate: /healthz, /metrics after real logins, and one request id in both logs."""

import re
import time

from stack_cases import LoginCase


def metric(text, name, labels=""):
    """The value of one sample in Prometheus text, or None."""
    match = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else None


class ObservabilityTest(LoginCase):
    stack_settings = {"ORGGATE_SESSION_SWEEP_INTERVAL": "1s"}

    def test_healthz_is_ok_through_nginx(self):
        response = self.stack.get("/healthz")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.text, "ok\n")
        self.assertTrue(response.header("Content-Type").startswith("text/plain"))

    def test_metrics_count_pages_logins_github_calls_and_sessions(self):
        self.browser().login_as("mona")
        self.browser().login_as("hubot")
        self.stack.get("/page2")
        self.stack.get("/no-such-page")
        time.sleep(1.5)  # one sweep, which counts the live sessions
        response = self.stack.get("/metrics")
        self.assertEqual(response.status, 200)
        self.assertTrue(response.header("Content-Type").startswith("text/plain; version=0.0.4"))
        text = response.text
        self.assertGreaterEqual(metric(text, "orggate_logins_total", '{outcome="ok"}'), 1)
        self.assertGreaterEqual(metric(text, "orggate_logins_total", '{outcome="not_member"}'), 1)
        self.assertGreaterEqual(
            metric(text, "orggate_requests_total", '{route="/page2",status="200"}'), 1)
        self.assertGreaterEqual(
            metric(text, "orggate_requests_total", '{route="unmatched",status="404"}'), 1)
        self.assertGreaterEqual(
            metric(text, "orggate_github_request_duration_seconds_count", '{call="token"}'), 2)
        self.assertGreaterEqual(
            metric(text, "orggate_github_request_duration_seconds_count", '{call="membership"}'), 2)
        self.assertGreaterEqual(metric(text, "orggate_request_duration_seconds_count"), 4)
        self.assertGreaterEqual(metric(text, "orggate_sessions_live"), 1)
        self.assertNotIn("no-such-page", text)

    def test_github_errors_are_counted(self):
        before = metric(self.stack.get("/metrics").text, "orggate_github_errors_total",
                        '{call="user"}') or 0
        self.github.set_fault("user", status=502)
        self.browser().login_as("mona")
        after = metric(self.stack.get("/metrics").text, "orggate_github_errors_total",
                       '{call="user"}')
        self.assertEqual(after, before + 1)

    def test_one_request_id_follows_a_request_through_nginx_and_orggate(self):
        self.stack.get("/page1?trace=me")
        deadline = time.monotonic() + 5
        ids = []
        while not ids and time.monotonic() < deadline:
            access = (self.stack.prefix / "logs" / "access.log").read_text()
            ids = re.findall(r'"GET /page1 HTTP/1.1" 200 \d+ \S+ ([0-9a-f]{32})$', access,
                             re.MULTILINE)
            time.sleep(0.05)
        self.assertTrue(ids, "nginx logged no request id")
        orggate_lines = [line for line in self.stack.orggate_log().splitlines()
                         if f"req={ids[-1]}" in line]
        self.assertEqual(len(orggate_lines), 1, self.stack.orggate_log()[-500:])
        self.assertRegex(orggate_lines[0],
                         r"^event=request method=GET path=/page1 status=200 us=\d+ req=[0-9a-f]{32}$")
        self.assertNotIn("trace=me", self.stack.orggate_log())

    def test_login_lines_carry_the_request_id_and_no_secret(self):
        self.browser().login_as("hubot")
        lines = [line for line in self.stack.orggate_log().splitlines()
                 if line.startswith("event=login outcome=not_member user=hubot")]
        self.assertTrue(lines)
        self.assertRegex(lines[-1], r" req=[0-9a-f]{32}$")
        log = self.stack.orggate_log()
        self.assertNotIn(self.stack.settings["GITHUB_CLIENT_SECRET"], log)
        self.assertNotIn("gho_", log)


class QuietRequestsTest(LoginCase):
    """ORGGATE_REQUEST_LOG=off, for sites that rely on nginx's access log: no request lines,
    every other line kept."""
    stack_settings = {"ORGGATE_REQUEST_LOG": "off"}

    def test_no_request_lines_but_logins_and_errors_are_still_logged(self):
        self.browser().login_as("mona")
        self.github.set_fault("user", status=502, times=1)
        self.browser().login_as("mona")
        for path in ("/", "/page1", "/nope"):
            self.stack.get(path)
        log = self.stack.orggate_log()
        self.assertNotIn("event=request ", log)
        self.assertIn("event=start ", log)
        self.assertIn("event=login outcome=ok user=mona", log)
        self.assertIn('event=login outcome=error msg="GET /user: HTTP 502"', log)


if __name__ == "__main__":
    import unittest
    unittest.main()
