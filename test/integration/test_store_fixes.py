"""The session store's per-user fixes through the real nginx, orggate and the stand-in: an end
that comes while a login is under way (GitHub slow to list the teams) is not outlived by it."""

import subprocess
import threading
import time
import unittest

from page import error, flashes, navbar_user
from stack import clean_environment, orggate_binary
from stack_cases import LoginCase

ENDED_MEANWHILE = error("Your access was ended while this login was under way. Please log in "
                          "again.")


class LoginInFlightTest(LoginCase):
    # Room for the slow teams answer below within the login's deadline.
    stack_settings = {"ORGGATE_GITHUB_TIMEOUT": "20s"}

    def setUp(self):
        super().setUp()
        self.end_sessions_of("mona")

    def end_sessions_of(self, login):
        """`orggate sessions end LOGIN`, the operator's end, as its own process."""
        return subprocess.run([str(orggate_binary()), "sessions", "end", login],
                              env=clean_environment(self.stack.settings), capture_output=True,
                              text=True, timeout=20, stdin=subprocess.DEVNULL)

    def wait_for_teams_request(self, timeout=15):
        deadline = time.monotonic() + timeout
        while not self.github.requests_to("teams"):
            self.assertLess(time.monotonic(), deadline, "the login never asked for the teams")
            time.sleep(0.02)

    def test_an_end_while_the_teams_are_fetched_is_not_outlived_by_the_login(self):
        # mona at home (so that the operator's end finds her), then logging in at work.
        home = self.stack.browser()
        home.login_as("mona")
        self.assertIsNotNone(navbar_user(home.open("/")))
        # Membership has been answered once the teams are asked for; they take seconds to come.
        self.github.set_fault("teams", latency=3, times=1)
        browser = self.stack.browser()
        landed = {}
        login = threading.Thread(target=lambda: landed.update(page=browser.login_as("mona")))
        login.start()
        self.wait_for_teams_request()
        ended = self.end_sessions_of("mona")  # finds only home: work's session is not written yet
        self.assertEqual(ended.returncode, 0, ended.stderr)
        self.assertIn("Ended 1 session", ended.stdout)
        login.join(timeout=30)
        self.assertFalse(login.is_alive())
        self.assertIsNone(navbar_user(landed["page"]))
        self.assertEqual(flashes(landed["page"]), [ENDED_MEANWHILE])
        self.assertIsNone(navbar_user(browser.open("/")))
        # A fresh login asks GitHub again: mona is still a member, so she gets in.
        again = self.stack.browser()
        again.login_as("mona")
        self.assertEqual(navbar_user(again.open("/")).userid, "Github userid: mona")


if __name__ == "__main__":
    unittest.main()
