"""The member's teams, fetched at login through real nginx + orggate + the stand-in and kept in the
session file: only GITHUB_ORG's, every page of them, and a failing teams call fails the login."""

import time

from stack_cases import LoginCase
from test_login_faults import FAULTS, TIMEOUT

MONAS_TEAMS = ["core", "docs", "ops-on-call"]  # the stand-in also has her in octo-labs' "security"


class TeamsAtLoginTest(LoginCase):
    stack_settings = {"ORGGATE_GITHUB_CONNECT_TIMEOUT": f"{TIMEOUT}s",
                      "ORGGATE_GITHUB_TIMEOUT": f"{TIMEOUT}s"}

    def log_in(self, user):
        browser = self.browser()
        response = browser.login_as(user)
        self.assertIsNotNone(browser.session_id, f"{user} was not logged in")
        return response, self.stack.read_session(browser.session_id)

    def test_the_session_holds_exactly_the_orgs_teams(self):
        response, session = self.log_in("mona")
        self.assert_logged_in_as(response, "mona", "Mona Lisa Octocat")
        self.assertEqual(session["teams"], MONAS_TEAMS)
        calls = self.github.requests_to("teams")
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0]["query"], ["per_page"])
        self.assertEqual(calls[0]["authorization"]["scheme"], "bearer")
        self.assertEqual(calls[0]["accept"], "application/vnd.github+json")
        self.assertTrue(calls[0]["user_agent"])
        self.assertFalse(calls[0]["client_secret_in_body"])

    def test_a_user_in_150_teams_gets_all_of_them_from_two_pages(self):
        _, session = self.log_in("many-teams-max")
        self.assertEqual(session["teams"], [f"team-{n:03d}" for n in range(1, 151)])
        self.assertEqual(len(self.github.requests_to("teams")), 2)

    def test_a_member_in_no_team_has_no_teams_in_the_session(self):
        _, session = self.log_in("nameless")
        self.assertNotIn("teams", session)

    def test_a_refused_login_never_asks_for_the_teams(self):
        for user in ("hubot", "pending-pat", "restricted-rita", "saml-sam"):
            browser = self.browser()
            browser.login_as(user)
            self.assertIsNone(browser.session_id, user)
        self.assertEqual(self.github.requests_to("teams"), [])

    def test_a_failing_teams_call_fails_the_login_with_githubs_trouble_and_no_session(self):
        for name, (fault, told) in FAULTS.items():
            with self.subTest(fault=name):
                self.github.reset()
                self.github.set_fault("teams", **fault)
                browser = self.browser()
                files_before = set(self.stack.all_session_files())
                log_before = len(self.stack.orggate_log())
                started = time.monotonic()
                response = browser.login_as("mona", next="/page1")
                self.assertLess(time.monotonic() - started, TIMEOUT + 1.5, "no timeout held")
                self.assert_refused_on_home(response, told)
                self.assert_no_server_errors(browser)
                self.assertIsNone(browser.session_id)
                self.assertEqual(set(self.stack.all_session_files()), files_before)
                self.assertEqual(len(self.github.requests_to("teams")), 1)
                log = self.stack.orggate_log()[log_before:]
                self.assertIn("GET /user/teams (page 1): ", log)
                self.assertNotIn(told, log, "the log is for the operator")
        self.github.reset()
        # Once GitHub answers again, the same user logs in.
        self.assertEqual(self.log_in("mona")[1]["teams"], MONAS_TEAMS)

    def test_a_403_from_the_teams_call_fails_the_login_too(self):
        self.github.set_fault("teams", status=403, body='{"message": "Resource not accessible by integration"}')
        response = self.browser().login_as("mona")
        self.assert_refused_on_home(response, "GitHub refused to tell which teams you are in (HTTP 403). "
                                              "Please try again later.")
