"""Planted session files read by the real orggate: navbar, flashes, cookies, bad ids, restarts."""

import json
import os
import stat
import time
import unittest

from page import has_login_link
from stack import Stack, make_user, new_session_id
from stack_cases import StackCase


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
    stack_options = {"tls": True}

    FLASHES = [("message", "You were logged out."), ("error", "Not <b>allowed</b> & sorry")]

    def test_flashes_are_shown_once_in_their_boxes(self):
        cookie = self.stack.plant_session(flashes=self.FLASHES)
        first = self.stack.get("/page2", cookie=cookie)
        self.assertEqual(first.status, 200)
        self.assertEqual(flash_texts(first, "alert-info"), ["You were logged out."])
        self.assertEqual(flash_texts(first, "alert-warning"), ["Not <b>allowed</b> & sorry"])
        self.assertIn("Not &lt;b&gt;allowed&lt;/b&gt; &amp; sorry", first.text)

        second = self.stack.get("/page2", cookie=cookie)
        self.assertEqual(flash_texts(second, "alert-info"), [])
        self.assertEqual(flash_texts(second, "alert-warning"), [])

    def test_an_emptied_session_is_deleted_and_its_cookie_cleared(self):
        cookie = self.stack.plant_session(flashes=[("message", "Hello")])
        response = self.stack.get("/", cookie=cookie)
        self.assertEqual(flash_texts(response, "alert-info"), ["Hello"])
        self.assertFalse(self.stack.session_file(cookie).exists())
        assert_cleared_cookie(self, response, secure=False)

    def test_the_cleared_cookie_is_secure_over_https(self):
        cookie = self.stack.plant_session(flashes=[("message", "Hello")])
        response = self.stack.get("/", cookie=cookie, tls=True)
        self.assertEqual(flash_texts(response, "alert-info"), ["Hello"])
        assert_cleared_cookie(self, response, secure=True)
        self.assertIsNone(response.header("Strict-Transport-Security"))

    def test_a_logged_in_session_keeps_its_file_without_the_flash(self):
        cookie = self.stack.plant_session(user=make_user(), flashes=[("message", "Welcome")])
        first = self.stack.get("/page1", cookie=cookie)
        self.assertEqual(flash_texts(first, "alert-info"), ["Welcome"])
        stored = self.stack.read_session(cookie)
        self.assertEqual(stored["flashes"], [])
        self.assertEqual(stored["user"]["login"], "octocat")
        for _, attributes in first.session_cookies():
            self.assertNotEqual(attributes.get("max-age"), "0")

        second = self.stack.get("/page1", cookie=cookie)
        self.assertEqual(flash_texts(second, "alert-info"), [])
        self.assertIn("Github userid: octocat", second.text)


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
            cookie = stack.plant_session(user=make_user(), flashes=[("message", "Hi")])
            path = stack.session_file(cookie)
            before = os.stat(path).st_ino
            self.assertEqual(stack.get("/", cookie=cookie).status, 200)
            after = os.stat(path)
            self.assertNotEqual(after.st_ino, before, "expected the file to be replaced")
            self.assertEqual(stat.S_IMODE(after.st_mode), 0o600)
            self.assertEqual(stat.S_IMODE(os.stat(path.parent).st_mode), 0o700)
            leftovers = {p for p in stack.all_session_files() if p.suffix != ".json"}
            self.assertEqual(leftovers, set(), "temporary files left behind")


if __name__ == "__main__":
    unittest.main()
