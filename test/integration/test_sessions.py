"""Planted session files read by the real orggate: navbar, flashes, cookies, bad ids, restarts."""

import json
import os
import stat
import time
import unittest

from urllib.parse import parse_qs, urlencode, urlsplit

from page import COOKIE_NAME, has_login_link
from stack import Stack, make_user, new_session_id
from stack_cases import StackCase


FLASH_COOKIE = "orggate_flash"


def assert_anonymous(test, response):
    test.assertEqual(response.status, 200, response.text[:300])
    test.assertTrue(has_login_link(response), "expected the logged-out navbar")
    test.assertEqual(response.find("img", "avatar"), [])


def assert_cleared_cookie(test, response, secure):
    cookies = response.session_cookies()
    test.assertEqual(len(cookies), 1, response.header_values("Set-Cookie"))
    _, attributes = cookies[0]
    test.assertEqual(attributes.get("max-age"), "0")
    test.assertIs(attributes.get("httponly"), True)
    test.assertEqual((attributes.get("samesite") or "").lower(), "lax")
    test.assertEqual(attributes.get("path"), "/")
    test.assertEqual("secure" in attributes, secure)


def flash_texts(response, css_class):
    """The <li> texts inside the flash boxes of one kind."""
    areas = response.find("div", "flash-messages")
    return [item.text() for area in areas for box in area.find("div", css_class)
            for item in box.find("li")]


class LoggedInTest(StackCase):

    def test_navbar_shows_the_user(self):
        cookie = self.stack.plant_session(user=make_user())
        response = self.stack.get("/page2", cookie=cookie)
        self.assertEqual(response.status, 200)
        self.assertIn('<img class="avatar" src="https://avatars.githubusercontent.com/u/1?v=4'
                      '&amp;s=30" width="30" height="30" alt="">', response.text)
        self.assertIn('<span class="user-name">The Octocat</span>', response.text)
        self.assertIn('<span class="user-login">Github userid: octocat</span>', response.text)
        self.assertFalse(has_login_link(response))

    def test_navbar_offers_a_logout_form(self):
        cookie = self.stack.plant_session(user=make_user())
        response = self.stack.get("/", cookie=cookie)
        forms = [form for form in response.find("form")
                 if form.attrs.get("action") == "/logout"]
        self.assertEqual(len(forms), 1)
        self.assertEqual(forms[0].attrs.get("method", "").lower(), "post")
        self.assertEqual([button.text().strip() for button in forms[0].find("button")], ["Logout"])

    def test_avatar_without_a_query_gets_question_mark_size(self):
        user = make_user(avatar_url="https://avatars.githubusercontent.com/u/1")
        response = self.stack.get("/", cookie=self.stack.plant_session(user=user))
        self.assertIn('src="https://avatars.githubusercontent.com/u/1?s=30"', response.text)

    def test_page1_shows_the_users_github_json(self):
        user = make_user()
        user["bio"] = 'Likes <b>"quotes"</b> & ampersands'
        response = self.stack.get("/page1", cookie=self.stack.plant_session(user=user))
        self.assertIn('<pre class="user-data">', response.text)
        blocks = response.find("pre", "user-data")
        self.assertEqual(len(blocks), 1)
        self.assertEqual(json.loads(blocks[0].text()), user)
        self.assertNotIn("<b>", response.text)
        self.assertIn("&lt;b&gt;", response.text)

    def test_markup_in_a_name_is_shown_escaped(self):
        user = make_user(name="<script>alert(1)</script>", login="mallory")
        for path in ["/", "/page1"]:
            with self.subTest(path=path):
                response = self.stack.get(path, cookie=self.stack.plant_session(user=user))
                self.assertEqual(response.status, 200)
                self.assertNotIn("<script>", response.text)
                self.assertIn('<span class="user-name">'
                              '&lt;script&gt;alert(1)&lt;/script&gt;</span>', response.text)

    def test_user_without_a_name_still_gets_a_page(self):
        user = make_user(name=None)
        response = self.stack.get("/", cookie=self.stack.plant_session(user=user))
        self.assertEqual(response.status, 200)
        self.assertIn("Github userid: octocat", response.text)

    def test_idle_or_too_old_sessions_are_anonymous(self):
        now = int(time.time())
        for label, created, seen in [("idle", now - 3 * 86400, now - 2 * 86400),
                                     ("too old", now - 30 * 86400, now)]:
            with self.subTest(label):
                cookie = self.stack.plant_session(user=make_user(), created_at=created,
                                                  last_seen_at=seen)
                assert_anonymous(self, self.stack.get("/", cookie=cookie))


class FlashTest(StackCase):
    """Flashes travel in a sealed cookie: telling a visitor something leaves nothing on disk."""
    stack_options = {"tls": True}

    UNVERIFIED = ("This login could not be verified: it expired, was already used, or was not "
                  "started from this browser. Please log in again.")

    def flash_cookie(self, response, secure=False):
        """The one flash cookie `response` sets, its attributes checked; returns its value."""
        [(value, attributes)] = response.cookies(FLASH_COOKIE)
        self.assertEqual(attributes.get("max-age"), "600")
        self.assertIs(attributes.get("httponly"), True)
        self.assertEqual((attributes.get("samesite") or "").lower(), "lax")
        self.assertEqual(attributes.get("path"), "/")
        self.assertEqual("secure" in attributes, secure)
        return value

    def test_a_refused_callback_flashes_once_and_leaves_no_file(self):
        before = self.stack.all_session_files()
        refused = self.stack.get("/login/authorized?state=forged&code=x")
        self.assertEqual(refused.status, 302)
        self.assertEqual(refused.session_cookies(), [])
        flash = self.flash_cookie(refused)
        shown = self.stack.get("/page2", headers={"Cookie": f"{FLASH_COOKIE}={flash}"})
        self.assertEqual(flash_texts(shown, "alert-warning"), [self.UNVERIFIED])
        [(_, cleared)] = shown.cookies(FLASH_COOKIE)
        self.assertEqual(cleared.get("max-age"), "0")
        self.assertEqual(self.stack.all_session_files(), before)

    def test_a_flash_from_github_is_shown_escaped(self):
        # Over https: a TLS stack's public URL is its https address.
        started = self.stack.get("/login", tls=True)
        [(login_cookie, login_value, _)] = started.login_cookies()
        state = parse_qs(urlsplit(started.header("Location")).query)["state"][0]
        query = urlencode({"state": state, "error": "access_denied",
                           "error_description": "Not <b>allowed</b> & sorry"})
        denied = self.stack.get(f"/login/authorized?{query}", tls=True,
                                headers={"Cookie": f"{login_cookie}={login_value}"})
        flash = self.flash_cookie(denied, secure=True)
        shown = self.stack.get("/", headers={"Cookie": f"{FLASH_COOKIE}={flash}"})
        self.assertEqual(flash_texts(shown, "alert-warning"),
                         ["Access denied: reason=access_denied error=Not <b>allowed</b> & sorry"])
        self.assertIn("Not &lt;b&gt;allowed&lt;/b&gt; &amp; sorry", shown.text)

    def test_the_flash_cookie_is_secure_over_https(self):
        refused = self.stack.get("/login/authorized?state=forged", tls=True)
        self.flash_cookie(refused, secure=True)
        self.assertIsNone(refused.header("Strict-Transport-Security"))

    def test_a_forged_flash_cookie_shows_nothing_and_is_cleared(self):
        forged = new_session_id() * 3
        shown = self.stack.get("/", headers={"Cookie": f"{FLASH_COOKIE}={forged}"})
        self.assertEqual(flash_texts(shown, "alert-warning") + flash_texts(shown, "alert-info"), [])
        [(_, cleared)] = shown.cookies(FLASH_COOKIE)
        self.assertEqual(cleared.get("max-age"), "0")

    def test_an_unknown_session_cookie_is_cleared_secure_over_https(self):
        for tls in (False, True):
            with self.subTest(tls=tls):
                response = self.stack.get("/", cookie=new_session_id(), tls=tls)
                assert_anonymous(self, response)
                assert_cleared_cookie(self, response, secure=tls)

    def test_showing_a_flash_to_a_logged_in_user_rewrites_no_file(self):
        session = self.stack.plant_session(user=make_user())
        path = self.stack.session_file(session)
        before = os.stat(path)
        refused = self.stack.get("/login/authorized?state=forged", cookie=session)
        flash = self.flash_cookie(refused)
        shown = self.stack.get("/page1", headers={
            "Cookie": f"{COOKIE_NAME}={session}; {FLASH_COOKIE}={flash}"})
        self.assertEqual(flash_texts(shown, "alert-warning"), [self.UNVERIFIED])
        self.assertIn("Github userid: octocat", shown.text)
        self.assertEqual(shown.session_cookies(), [])
        after = os.stat(path)
        self.assertEqual((after.st_ino, after.st_mtime_ns), (before.st_ino, before.st_mtime_ns))


class BadCookieTest(StackCase):

    def test_bad_cookies_get_the_anonymous_page_and_no_file(self):
        planted = self.stack.plant_session(user=make_user())
        digest_name = self.stack.session_file(planted).stem
        bad_values = {
            "malformed": "!!!not-base64!!!",
            "empty": "",
            "unknown": new_session_id(),
            "one char short": new_session_id()[:-1],
            "one char long": new_session_id() + "A",
            "dot dot": "../../../../etc/passwd",
            "encoded dot dot": "..%2F..%2F..%2Fetc%2Fpasswd",
            "43 chars with slashes": ("../" * 15)[:43],
            "file hash instead of id": digest_name,
            "hash path": f"{digest_name[:2]}/{digest_name}",
            "absolute": "/etc/passwd",
            "nul": "AAAA%00BBBB",
            "4 KB": "A" * 4096,
            "quoted": '"' + new_session_id() + '"',
        }
        before = self.stack.all_session_files()
        for label, value in bad_values.items():
            with self.subTest(label):
                for path in ["/", "/page1"]:
                    assert_anonymous(self, self.stack.get(path, cookie=value))
        self.assertEqual(self.stack.all_session_files(), before)

    def test_other_cookies_and_repeats_do_not_confuse_it(self):
        planted = self.stack.plant_session(user=make_user())
        cases = {
            "other cookies around": f"theme=dark; orggate_session={planted}; lang=en",
            "unknown id first": f"orggate_session={new_session_id()}; orggate_session={planted}",
            "junk": "=; ;;; orggate_session; =orggate_session",
        }
        for label, header in cases.items():
            with self.subTest(label):
                response = self.stack.get("/", headers={"Cookie": header})
                self.assertEqual(response.status, 200)
        response = self.stack.get("/", headers={"Cookie": cases["other cookies around"]})
        self.assertIn("Github userid: octocat", response.text)


class RestartTest(unittest.TestCase):
    def test_a_session_survives_an_orggate_restart(self):
        with Stack() as stack:
            cookie = stack.plant_session(user=make_user())
            self.assertIn("Github userid: octocat", stack.get("/page1", cookie=cookie).text)
            self.assertEqual(stack.restart_orggate(), 0)
            response = stack.get("/page1", cookie=cookie)
            self.assertEqual(response.status, 200)
            self.assertIn("Github userid: octocat", response.text)


class SessionFileModeTest(unittest.TestCase):
    def test_folder_0700_and_rewritten_file_0600(self):
        with Stack() as stack:
            self.assertEqual(stat.S_IMODE(os.stat(stack.session_dir).st_mode), 0o700)
            # Seen long enough ago that this visit's keep-alive refresh rewrites the file.
            cookie = stack.plant_session(user=make_user(), last_seen_at=int(time.time()) - 3600)
            path = stack.session_file(cookie)
            before = os.stat(path).st_ino
            self.assertEqual(stack.get("/", cookie=cookie).status, 200)
            after = os.stat(path)
            self.assertNotEqual(after.st_ino, before, "expected the file to be replaced")
            self.assertEqual(stat.S_IMODE(after.st_mode), 0o600)
            self.assertEqual(stat.S_IMODE(os.stat(path.parent).st_mode), 0o700)
            leftovers = {p for p in stack.all_session_files() if p.name.startswith(".tmp-")}
            self.assertEqual(leftovers, set(), "temporary files left behind")


if __name__ == "__main__":
    unittest.main()
