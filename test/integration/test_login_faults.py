"""GitHub misbehaving during a login (the stand-in's faults, a stopped stand-in): a plain message
on the home page, never a 5xx, and the rest of the site keeps answering."""

import threading
import time

from page import flashes, logout_csrf_token, message
from stack_cases import LoginCase

TIMEOUT = 1  # seconds; the stack's ORGGATE_GITHUB_TIMEOUT, so a slow fault costs this much
TROUBLE = "GitHub is having trouble right now (HTTP {}). Please try again later."
GARBLED = "GitHub sent an answer orggate could not understand. Please try again later."
TOO_SLOW = "GitHub took too long to answer. Please try again in a moment."
UNREACHABLE = "orggate could not reach GitHub. Please try again in a moment."
NOT_ACCEPTED = "GitHub did not accept this login. Please log in again."

# name -> (the stand-in's fault, what the user is told)
FAULTS = {
    "HTTP 500": ({"status": 500}, TROUBLE.format(500)),
    "HTTP 502": ({"status": 502}, TROUBLE.format(502)),
    "garbage body": ({"body": "<html><body>this is not JSON"}, GARBLED),
    "empty body": ({"status": 200, "body": ""}, GARBLED),
    "Bad credentials": ({"status": 401, "body": '{"message": "Bad credentials"}'}, NOT_ACCEPTED),
    "latency beyond the timeout": ({"latency": TIMEOUT + 0.5}, TOO_SLOW),
    "hang": ({"hang": True}, TOO_SLOW),
}
# The route and how orggate's log names the call that failed there.
ROUTES = {"token": "token exchange", "user": "GET /user",
          "membership": "GET /user/memberships/orgs/octo-org"}
LATER_CALLS = {"token": ["user", "membership"], "user": ["membership"], "membership": []}


class GitHubFaultTest(LoginCase):
    stack_settings = {"ORGGATE_GITHUB_CONNECT_TIMEOUT": f"{TIMEOUT}s",
                      "ORGGATE_GITHUB_TIMEOUT": f"{TIMEOUT}s"}

    def assert_each_fault_is_explained(self, route):
        for name, (fault, told) in FAULTS.items():
            with self.subTest(fault=name):
                self.github.reset()
                self.github.set_fault(route, **fault)
                browser = self.browser()
                log_before = len(self.stack.orggate_log())
                started = time.monotonic()
                response = browser.login_as("mona", next="/page1")
                self.assertLess(time.monotonic() - started, TIMEOUT + 1.5, "no timeout held")
                self.assert_refused_on_home(response, told)
                self.assert_no_server_errors(browser)
                # The fault was hit, and the login went no further.
                self.assertEqual(len(self.github.requests_to(route)), 1)
                for later in LATER_CALLS[route]:
                    self.assertEqual(self.github.requests_to(later), [], f"{later} called too")
                log = self.stack.orggate_log()[log_before:]
                self.assertIn(f"{ROUTES[route]}: ", log, "the log should name the failed call")
                self.assertNotIn(told, log, "the log is for the operator")
        # A hang holds a stand-in thread until the faults are cleared.
        self.github.reset()

    def test_token_endpoint_faults(self):
        self.assert_each_fault_is_explained("token")

    def test_user_endpoint_faults(self):
        self.assert_each_fault_is_explained("user")

    def test_membership_endpoint_faults(self):
        self.assert_each_fault_is_explained("membership")

    def test_token_endpoint_refusing_the_code(self):
        self.github.set_fault("token", body='{"error":"bad_verification_code","error_description":'
                                            '"The code passed is incorrect or expired."}')
        response = self.browser().login_as("mona")
        self.assert_refused_on_home(response, "GitHub did not accept the login code; it may have "
                                              "expired or been used. Please log in again.")

    def test_membership_403_that_is_no_org_policy(self):
        self.github.set_fault("membership", status=403,
                              body='{"message": "API rate limit exceeded"}')
        response = self.browser().login_as("mona")
        self.assert_refused_on_home(response, "GitHub refused to tell whether you are a member "
                                              "(HTTP 403). Please try again later.")

    def test_a_fault_that_passed_leaves_github_usable(self):
        self.github.set_fault("user", status=502, times=1)
        browser = self.browser()
        self.assert_refused_on_home(browser.login_as("mona"), TROUBLE.format(502))
        self.assert_logged_in_as(browser.login_as("mona"), "mona", "Mona Lisa Octocat")

    def test_logout_happens_at_once_when_revocation_fails(self):
        for name, fault in (("HTTP 502", {"status": 502}), ("hang", {"hang": True})):
            with self.subTest(fault=name):
                self.github.reset()
                browser = self.browser()
                page = browser.login_as("mona")
                session_id = browser.session_id
                self.github.set_fault("revoke", **fault)
                started = time.monotonic()
                answer = browser.post("/logout", {"csrf_token": logout_csrf_token(page)})
                # Revocation runs in the background: even a hanging GitHub costs the logout nothing.
                self.assertLess(time.monotonic() - started, 1.0)
                self.assertEqual(answer.status, 303)
                response = browser.follow(answer)
                self.assert_logged_out(response)
                self.assertEqual(flashes(response), [message("You were logged out")])
                self.assertFalse(self.stack.session_file(session_id).exists())
                self.wait_until(lambda: "token revocation:" in self.stack.orggate_log(),
                                "the failed revocation to be logged")
                self.assertEqual(len(self.github.requests_to("revoke")), 1)
        self.github.reset()

    def wait_until(self, ready, what, timeout=10):
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                self.fail(f"timed out waiting for {what}")
            time.sleep(0.05)

    def test_other_pages_answer_while_a_login_hangs_on_github(self):
        # Only the first /user call hangs; a second visitor's login goes through.
        self.github.set_fault("user", hang=True, times=1)
        stuck_browser, outcome = self.browser(), {}
        stuck = threading.Thread(target=lambda: outcome.update(page=stuck_browser.login_as("mona")))
        stuck.start()
        try:
            self.wait_for_hanging_call("user")
            for path in ("/", "/page2", "/static/orggate.css"):
                started = time.monotonic()
                response = self.stack.get(path)
                self.assertLess(time.monotonic() - started, 1.0, path)
                self.assertEqual(response.status, 200, path)
            started = time.monotonic()
            other = self.browser().login_as("mona")
            self.assertLess(time.monotonic() - started, 1.0, "a second login")
            self.assert_logged_in_as(other, "mona", "Mona Lisa Octocat")
            self.assertTrue(stuck.is_alive(), "the hanging login should still be waiting")
        finally:
            stuck.join(TIMEOUT + 5)
        self.assert_refused_on_home(outcome["page"], TOO_SLOW)
        self.assert_no_server_errors(stuck_browser)

    def wait_for_hanging_call(self, route, timeout=5):
        """Until the stand-in holds an unanswered call on `route`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(entry["status"] is None for entry in self.github.requests_to(route)):
                return
            time.sleep(0.01)
        self.fail(f"no call to {route} reached the stand-in")


class GitHubDownTest(LoginCase):
    """The stand-in stopped: connections to GitHub are refused."""

    def setUp(self):
        if not self.github.running:  # the previous test stopped it
            self.github.start()
        super().setUp()

    def test_login_when_github_refuses_connections(self):
        browser = self.browser()
        callback = browser.authorize(browser.start_login("next=/page1"), "mona")
        self.github.stop()
        started = time.monotonic()
        response = browser.follow(callback)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assert_refused_on_home(response, UNREACHABLE)
        self.assert_no_server_errors(browser)
        self.assertIn("token exchange: ", self.stack.orggate_log())

    def test_logout_when_github_refuses_connections(self):
        browser = self.browser()
        page = browser.login_as("mona")
        session_id = browser.session_id
        self.github.stop()
        response = browser.follow(browser.post("/logout", {"csrf_token": logout_csrf_token(page)}))
        self.assert_logged_out(response)
        self.assertEqual(flashes(response), [message("You were logged out")])
        self.assertFalse(self.stack.session_file(session_id).exists())
        self.assert_no_server_errors(browser)
        self.assertIn("token revocation:", self.stack.orggate_log())
