"""Rotating APP_SECRET_KEY through the real nginx, orggate and the stand-in, as docs/DEPLOY.md
tells it: with the old key as APP_SECRET_KEY_PREVIOUS nobody is logged out, the token moves to the
new key on the session's next write and logout still revokes it; without the old key a session
sealed only under it ends with a message, the gate answers 401, and nothing breaks or leaks."""

import base64
import hashlib
import hmac
import json
import secrets
import shutil
import tempfile
import time
import unittest
from pathlib import Path

from page import flashes, has_login_link, logout_csrf_token, message, navbar_user
from stack import Stack, base_settings, run_orggate_once

TOKEN_PURPOSE = "orggate github token v1"
PROTECTED = "the protected file's content\n"
KEY_RETIRED = message("Your session ended because the sign-in key of this site was changed. "
                      "Please log in again.")


def key_id(secret):
    """The id orggate stores beside a token it sealed under `secret` (SealedBox::key_id)."""
    key = hmac.new(secret.encode(), TOKEN_PURPOSE.encode(), hashlib.sha256).digest()
    raw = hmac.new(key, b"orggate key id", hashlib.sha256).digest()[:8]
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def token_reply(token):
    return json.dumps({"access_token": token, "token_type": "bearer", "scope": "read:org"})


class KeyRotationTest(unittest.TestCase):
    """A stack per test: each restarts orggate with other keys."""

    def setUp(self):
        self.old_key = secrets.token_urlsafe(48)
        self.new_key = secrets.token_urlsafe(48)
        self.static = Path(tempfile.mkdtemp(prefix="orggate-rotation-"))
        self.addCleanup(shutil.rmtree, self.static, ignore_errors=True)
        (self.static / "index.html").write_text(PROTECTED)
        location = ("location /docs/ {\n    auth_request /_orggate/check;\n"
                    '    include "@PREFIX@/orggate-protect.conf";\n'
                    f'    alias "{self.static}/";\n}}\n')
        self.stack = Stack(github=True, settings={"APP_SECRET_KEY": self.old_key},
                           server_extra=location)
        self.stack.start()
        self.addCleanup(self.stack.stop)
        self.github = self.stack.github

    # ---- steps ---------------------------------------------------------------------------

    def log_in_with_known_token(self):
        """mona logs in; orggate's token exchange gets a token the test knows."""
        token = self.github.mint_token("mona")
        self.github.set_fault("token", body=token_reply(token), times=1)
        browser = self.stack.browser()
        self.assert_mona(browser.login_as("mona"))
        return browser, token

    def restart_with_keys(self, current, previous=None, age_session=None):
        """orggate stopped, settings changed, started again. `age_session` (an id) moves that
        session's last activity two minutes back while orggate is down, as if the user came
        back after a pause: their next request then rewrites the file (the keep-alive refresh)."""
        self.stack.stop_orggate()
        self.stack.settings["APP_SECRET_KEY"] = current
        self.stack.settings["APP_SECRET_KEY_PREVIOUS"] = previous
        if age_session is not None:
            path = self.stack.session_file(age_session)
            record = json.loads(path.read_text())
            record["last_seen_at"] = int(time.time()) - 120
            path.write_text(json.dumps(record))
        self.stack.start_orggate()

    def stored_token(self, session_id):
        values = self.stack.read_session(session_id)["values"]
        return values["github_token"], values.get("github_token_key")

    def gate(self, browser):
        """A script's request for the protected file, with the browser's session cookie."""
        return self.script_get(browser.session_id)

    def script_get(self, session_id):
        return self.stack.get("/docs/", cookie=session_id, headers={"Accept": "application/json"})

    # ---- what the user sees --------------------------------------------------------------

    def assert_mona(self, page):
        user = navbar_user(page)
        self.assertIsNotNone(user, f"not logged in on {page.url}")
        self.assertEqual(user.userid, "Github userid: mona")

    def assert_admitted(self, browser):
        response = self.gate(browser)
        self.assertEqual((response.status, response.text), (200, PROTECTED))

    def assert_no_secret_in_log(self, *extra):
        log = self.stack.orggate_log()
        for secret in (self.old_key, self.new_key, self.stack.settings["GITHUB_CLIENT_SECRET"],
                       *extra):
            self.assertNotIn(secret, log)

    def assert_no_500(self):
        statuses = [line for line in self.stack.request_log_lines() if "status=5" in line]
        self.assertEqual(statuses, [])

    # ---- tests ---------------------------------------------------------------------------

    def test_the_rotation_procedure_logs_nobody_out_and_reseals_on_the_next_write(self):
        browser, token = self.log_in_with_known_token()
        session_id = browser.session_id
        sealed_before, id_before = self.stored_token(session_id)
        self.assertEqual(id_before, key_id(self.old_key))

        # Step 1: new key current, old key previous. Still logged in, gate open, and no request
        # writes the file just for the rotation.
        self.restart_with_keys(self.new_key, previous=self.old_key)
        self.assert_mona(browser.open("/page1"))
        self.assert_admitted(browser)
        self.assertEqual(browser.session_id, session_id)
        self.assertEqual(self.stored_token(session_id), (sealed_before, id_before))

        # Step 2: the session's next write (its keep-alive refresh) seals it under the new key.
        self.restart_with_keys(self.new_key, previous=self.old_key, age_session=session_id)
        self.assert_admitted(browser)
        sealed_after, id_after = self.stored_token(session_id)
        self.assertEqual(id_after, key_id(self.new_key))
        self.assertNotEqual(sealed_after, sealed_before)
        self.assertGreater(self.stack.read_session(session_id)["last_seen_at"],
                           int(time.time()) - 60)

        # Step 3: the old key removed. The user is still logged in, and logout revokes the token
        # at GitHub, so the new key opens what was re-sealed.
        self.restart_with_keys(self.new_key)
        page = browser.open("/page1")
        self.assert_mona(page)
        self.assertEqual(flashes(page), [])
        self.assert_admitted(browser)
        self.github.clear_requests()
        answer = browser.post("/logout", {"csrf_token": logout_csrf_token(page)})
        self.assertEqual(answer.status, 303)
        self.assertEqual([call["status"] for call in self.github.answered_requests_to("revoke", 1)], [204])
        self.assertFalse(self.github.token_is_valid(token))
        self.assert_no_500()
        self.assert_no_secret_in_log(token)

    def test_logout_during_the_rotation_opens_and_revokes_the_token_sealed_under_the_old_key(self):
        browser, token = self.log_in_with_known_token()
        self.assertEqual(self.stored_token(browser.session_id)[1], key_id(self.old_key))
        self.restart_with_keys(self.new_key, previous=self.old_key)
        page = browser.open("/")
        self.assert_mona(page)
        self.github.clear_requests()
        page = browser.follow(browser.post("/logout", {"csrf_token": logout_csrf_token(page)}))
        self.assertEqual(flashes(page), [message("You were logged out")])
        self.assertTrue(has_login_link(page))
        self.assertEqual([(call["method"], call["status"])
                          for call in self.github.answered_requests_to("revoke", 1)], [("DELETE", 204)])
        self.assertFalse(self.github.token_is_valid(token))

    def test_without_the_old_key_its_sessions_end_cleanly_with_a_message(self):
        # Three sessions of mona's, all sealed under the old key only.
        reader, token = self.log_in_with_known_token()
        visitor, _ = self.log_in_with_known_token()
        script, _ = self.log_in_with_known_token()
        self.restart_with_keys(self.new_key)

        # A page of the site: the session ends there, with the reason.
        page = reader.open("/page1")
        self.assertEqual(page.status, 200)
        self.assertEqual(flashes(page), [KEY_RETIRED])
        self.assertIsNone(navbar_user(page))
        self.assertTrue(has_login_link(page))
        self.assertIsNone(reader.session_id, "the session cookie was not cleared")
        self.assertEqual(flashes(reader.open("/")), [], "the message was shown twice")

        # The protected file opened in the browser: the gate says 401, nginx's sign-in page
        # sends the visitor to GitHub, and the site's next page says why.
        visitor_session = visitor.session_id
        login = visitor.get("/docs/")
        self.assertEqual(login.status, 302)
        self.assertTrue(login.header("Location").startswith(self.github.url + "/login/oauth/"))
        self.assertNotIn(PROTECTED, login.text)
        self.assertFalse(self.stack.session_file(visitor_session).exists())
        self.assertEqual(flashes(visitor.open("/")), [KEY_RETIRED])

        # A script gets the plain 401, again and again.
        for _ in range(2):
            response = self.gate(script)
            self.assertEqual(response.status, 401)
            self.assertNotIn(PROTECTED, response.text)

        log = self.stack.orggate_log()
        self.assertIn("event=session_ended reason=key_retired user=mona", log)
        self.assert_no_500()
        self.assert_no_secret_in_log(token)
        # Logging in again works, under the new key.
        self.assert_mona(reader.login_as("mona"))
        self.assertEqual(self.stored_token(reader.session_id)[1], key_id(self.new_key))
        self.assert_admitted(reader)


class PreviousKeySettingsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="orggate-rotation-settings-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.settings = base_settings(self.tmp / "sessions")

    def test_the_same_key_twice_is_refused_without_showing_it(self):
        key = self.settings["APP_SECRET_KEY"]
        result = run_orggate_once(dict(self.settings, APP_SECRET_KEY_PREVIOUS=key))
        self.assertEqual(result.returncode, 2)
        self.assertIn("APP_SECRET_KEY_PREVIOUS is the same as APP_SECRET_KEY", result.stderr)
        self.assertNotIn(key, result.stdout + result.stderr)

    def test_a_short_previous_key_is_refused_without_showing_it(self):
        result = run_orggate_once(dict(self.settings, APP_SECRET_KEY_PREVIOUS="old-and-short"))
        self.assertEqual(result.returncode, 2)
        self.assertIn("APP_SECRET_KEY_PREVIOUS is too short", result.stderr)
        self.assertNotIn("old-and-short", result.stdout + result.stderr)

    def test_check_config_and_help_name_it_and_hide_its_value(self):
        previous = secrets.token_urlsafe(48)
        result = run_orggate_once(dict(self.settings, APP_SECRET_KEY_PREVIOUS=previous),
                                  ("check-config",))
        self.assertIn(f"APP_SECRET_KEY_PREVIOUS = (set, {len(previous)} characters, not shown)",
                      result.stdout)
        self.assertNotIn(previous, result.stdout + result.stderr)
        self.assertIn("APP_SECRET_KEY_PREVIOUS", run_orggate_once(self.settings, ("--help",)).stdout)


if __name__ == "__main__":
    unittest.main()
