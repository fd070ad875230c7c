"""Ending every session of a user through the real nginx, orggate and the stand-in: the
operator's `orggate sessions list|end` run beside the running service, and the user's own
"Log out everywhere" button. Two browsers of mona, one of another member (nameless)."""

import os
import subprocess
import tempfile
import unittest
from pathlib import Path

from page import flashes, form_fields, forms_posting_to, message, navbar_user
from stack import Stack, clean_environment, orggate_binary

SECRET = "behind the gate\n"
OPERATOR_ENDED = message("Your session was ended by the administrator of this site. You can log "
                         "in again if you still have access.")
EVERYWHERE_ENDED = message('You were logged out: "Log out everywhere" was used for your account.')


def protected_docs(static_dir):
    return ('location /docs/ {\n    auth_request /_orggate/check;\n'
            '    include "@PREFIX@/orggate-protect.conf";\n'
            f'    alias "{static_dir}/";\n}}\n')


class EndSessionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orggate-end-")
        static = Path(cls.tmp.name)
        (static / "secret.txt").write_text(SECRET)
        cls.stack = Stack(github=True, server_extra=protected_docs(static))
        try:
            cls.stack.start()
        except BaseException:
            cls.tmp.cleanup()
            raise
        cls.github = cls.stack.github

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.github.reset()
        # Every test starts with no one logged in.
        for login in ("mona", "nameless"):
            self.sessions("end", login)

    # ---- helpers ---------------------------------------------------------------------------

    def sessions(self, *args, settings=None):
        """`orggate sessions ARGS` as its own process, with the service's settings."""
        return subprocess.run([str(orggate_binary()), "sessions", *args],
                              env=clean_environment(settings or self.stack.settings),
                              capture_output=True, text=True, timeout=20,
                              stdin=subprocess.DEVNULL)

    def logged_in(self, login):
        browser = self.stack.browser()
        browser.login_as(login)
        self.assertIsNotNone(browser.session_id, f"{login} was not logged in")
        self.assertEqual(self.gate(browser).status, 200)
        return browser

    def gate(self, browser):
        return browser.get("/docs/secret.txt")

    def assert_shown_once_then_anonymous(self, browser, sentence):
        page = browser.open("/page2")
        self.assertEqual(page.status, 200, page.text[:300])
        self.assertIsNone(navbar_user(page))
        self.assertEqual(flashes(page), [sentence])
        again = browser.open("/page2")
        self.assertIsNone(navbar_user(again))
        self.assertEqual(flashes(again), [])

    def assert_still_logged_in(self, browser, login):
        self.assertEqual(self.gate(browser).text, SECRET)
        user = navbar_user(browser.open("/"))
        self.assertIsNotNone(user)
        self.assertEqual(user.userid, f"Github userid: {login}")

    # ---- the operator ----------------------------------------------------------------------

    def test_sessions_end_throws_out_both_browsers_of_the_user_at_once_and_no_one_else(self):
        mona_home, mona_work = self.logged_in("mona"), self.logged_in("mona")
        other = self.logged_in("nameless")
        done = self.sessions("end", "mona")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("Ended 2 sessions of mona (GitHub id 1000001).", done.stdout)
        self.assertIn("event=session_ended reason=operator user=mona user_id=1000001 sessions=2",
                      done.stderr)
        # The very next gate check of either browser refuses it (a sign-in redirect to GitHub).
        for browser in (mona_home, mona_work):
            refused = self.gate(browser)
            self.assertEqual(refused.status, 302, refused.text[:300])
            self.assertTrue(refused.header("Location").startswith(self.github.url))
            self.assertNotIn(SECRET, refused.text)
        self.assert_shown_once_then_anonymous(mona_home, OPERATOR_ENDED)
        self.assert_shown_once_then_anonymous(mona_work, OPERATOR_ENDED)
        self.assert_still_logged_in(other, "nameless")
        for browser in (mona_home, mona_work):
            self.assertNotEqual(self.gate(browser).status, 200)

    def test_sessions_end_seen_first_on_a_page_shows_the_sentence_there(self):
        browser = self.logged_in("mona")
        self.assertEqual(self.sessions("end", "MONA").returncode, 0)  # logins ignore case
        self.assert_shown_once_then_anonymous(browser, OPERATOR_ENDED)
        self.assertEqual(self.gate(browser).status, 302)

    def test_sessions_list_shows_a_table_without_ids_and_filters_by_user(self):
        browsers = [self.logged_in("mona"), self.logged_in("mona"), self.logged_in("nameless")]
        listed = self.sessions("list")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        lines = listed.stdout.splitlines()
        self.assertEqual(lines[0].split(), ["LOGIN", "ID", "CREATED", "LAST", "SEEN", "FILE"])
        rows = [line.split() for line in lines[1:]]
        self.assertEqual([(row[0], row[1]) for row in rows],
                         [("mona", "1000001"), ("mona", "1000001"), ("nameless", "1000004")])
        for row in rows:
            self.assertRegex(row[2] + " " + row[3], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$")
            self.assertRegex(row[-1], r"^[0-9a-f]{12}$")
        for browser in browsers:
            self.assertNotIn(browser.session_id, listed.stdout + listed.stderr)
        only = self.sessions("list", "--user", "Mona")
        self.assertEqual(only.returncode, 0, only.stderr)
        self.assertEqual([line.split()[0] for line in only.stdout.splitlines()[1:]],
                         ["mona", "mona"])

    def test_exit_codes_say_what_happened(self):
        self.assertEqual(self.sessions("--help").returncode, 0)
        self.assertIn("orggate sessions end LOGIN", self.sessions("--help").stdout)
        nobody = self.sessions("end", "mona")
        self.assertEqual(nobody.returncode, 1)
        self.assertIn("no live session of mona", nobody.stderr)
        self.assertEqual(self.sessions("list", "--user", "hubot").returncode, 1)
        self.assertEqual(self.sessions("end").returncode, 2)
        self.assertEqual(self.sessions("frobnicate").returncode, 2)
        unset = dict(self.stack.settings, GITHUB_CLIENT_ID=None)
        self.assertEqual(self.sessions("list", settings=unset).returncode, 2)
        missing = dict(self.stack.settings,
                       ORGGATE_SESSION_DIR=str(Path(self.tmp.name) / "no-such-folder"))
        gone = self.sessions("list", settings=missing)
        self.assertEqual(gone.returncode, 3)
        self.assertIn("no session folder", gone.stderr)
        self.assertFalse((Path(self.tmp.name) / "no-such-folder").exists())

    @unittest.skipUnless(os.geteuid() == 0, "needs root, as an operator's sudo")
    def test_run_as_root_it_writes_as_the_owner_of_the_session_folder(self):
        browser = self.logged_in("mona")
        folder = self.stack.session_dir
        nobody = 65534
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, nobody, nobody, follow_symlinks=False)
        try:
            self.assertEqual(self.sessions("end", "mona").returncode, 0)
            ended = self.stack.session_file(browser.session_id)
            self.assertEqual((ended.stat().st_uid, ended.stat().st_gid), (nobody, nobody))
            self.assertEqual(ended.stat().st_mode & 0o777, 0o600)
            self.assert_shown_once_then_anonymous(browser, OPERATOR_ENDED)
        finally:
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, 0, 0, follow_symlinks=False)

    # ---- the user --------------------------------------------------------------------------

    def test_log_out_everywhere_ends_the_other_browser_and_revokes_both_tokens(self):
        here, there = self.logged_in("mona"), self.logged_in("mona")
        other = self.logged_in("nameless")
        self.github.clear_requests()
        home = here.get("/")
        forms = forms_posting_to(home, "/logout/everywhere")
        self.assertEqual(len(forms), 1)
        self.assertIn("End every session of your account, this one included;",
                      " ".join(p.text() for p in home.find("p")))
        done = here.follow(here.post("/logout/everywhere", form_fields(forms[0])))
        self.assertIsNone(navbar_user(done))
        self.assertEqual(flashes(done),
                         [message("You were logged out everywhere: 1 other session ended too.")])
        self.assertNotEqual(self.gate(there).status, 200)
        self.assert_shown_once_then_anonymous(there, EVERYWHERE_ENDED)
        self.assert_still_logged_in(other, "nameless")
        revoked = self.github.answered_requests_to("revoke", 2)
        self.assertEqual([entry["status"] for entry in revoked], [204, 204])
        self.assertEqual(self.github.revoke_tokens("mona"), 0, "a token of mona's is still live")

    def test_log_out_everywhere_needs_the_csrf_token(self):
        here, there = self.logged_in("mona"), self.logged_in("mona")
        refused = here.post("/logout/everywhere", {"csrf_token": "forged"})
        self.assertEqual(refused.status, 303)
        self.assert_still_logged_in(here, "mona")
        self.assert_still_logged_in(there, "mona")


if __name__ == "__main__":
    unittest.main()
