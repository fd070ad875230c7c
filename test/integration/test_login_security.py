"""The login's defences, seen from a browser: state, ?next=, logout's CSRF token, secrets kept."""

import base64
import json
import secrets
from urllib.parse import parse_qs, urlsplit

from page import error, flashes, forms_posting_to, logout_csrf_token, message
from stack_cases import LoginCase

UNVERIFIED = ("This login could not be verified: it expired, was already used, or was not started "
              "from this browser. Please log in again.")
MONA = ("mona", "Mona Lisa Octocat")


def forged_state():
    """43 base64url characters, the shape of a real state."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()


class PublicUrlTest(LoginCase):
    """The callback URL is fixed by ORGGATE_PUBLIC_URL: no Host header moves it."""

    def test_a_login_asked_for_under_another_host_goes_to_the_configured_host_first(self):
        for host in ("x.example.org", "127.0.0.1:1", "evil.test"):
            with self.subTest(host=host):
                response = self.stack.get("/login?next=%2Fpage1", headers={"Host": host})
                self.assertEqual(response.status, 302)
                self.assertEqual(response.header("Location"),
                                 f"{self.stack.url}/login?next=%2Fpage1")
                self.assertEqual(response.login_cookies(), [])
        self.assert_no_token_request()

    def test_forwarding_headers_do_not_move_the_callback(self):
        response = self.stack.get("/login", headers={"X-Forwarded-Host": "evil.test",
                                                     "X-Forwarded-Proto": "https",
                                                     "Forwarded": "host=evil.test;proto=https"})
        self.assertEqual(response.status, 302)
        query = parse_qs(urlsplit(response.header("Location")).query)
        self.assertEqual(query["redirect_uri"], [f"{self.stack.url}/login/authorized"])


class StateTest(LoginCase):
    """A callback counts only with the state this browser's /login created, once."""

    def assert_unverified(self, response):
        self.assert_refused_on_home(response, UNVERIFIED)
        self.assert_no_token_request()

    def callback_for(self, browser, user="mona"):
        """A started login authorized on GitHub: the callback URL, not yet visited."""
        redirect = browser.authorize(browser.start_login(), user)
        self.assertEqual(redirect.status, 302)
        return redirect.header("Location")

    def test_callback_without_state_is_refused(self):
        browser = self.browser()
        callback = self.callback_for(browser)
        code = callback.split("code=")[1].split("&")[0]
        self.assert_unverified(browser.open(f"/login/authorized?code={code}"))

    def test_callback_with_a_forged_state_is_refused(self):
        browser = self.browser()
        callback = self.callback_for(browser)
        code = callback.split("code=")[1].split("&")[0]
        forged = f"/login/authorized?code={code}&state={forged_state()}"
        self.assert_unverified(browser.open(forged))

    def test_state_from_another_browser_is_refused_and_stays_usable_by_its_own(self):
        victim, attacker = self.browser(), self.browser()
        callback = self.callback_for(victim)
        self.assert_unverified(attacker.open(callback))
        self.assert_logged_in_as(victim.open(callback), *MONA)

    def test_a_replayed_login_cookie_cannot_use_its_state_again(self):
        # An attacker who copied the browser's cookies before the callback replays both later.
        browser = self.browser()
        callback = self.callback_for(browser)
        copied = {origin: dict(cookies) for origin, cookies in browser.jar.items()}
        self.assert_logged_in_as(browser.open(callback), *MONA)
        self.github.clear_requests()
        attacker = self.browser()
        attacker.jar = copied
        self.assert_unverified(attacker.open(callback))

    def test_a_callback_works_once(self):
        browser = self.browser()
        callback = self.callback_for(browser)
        self.assert_logged_in_as(browser.open(callback), *MONA)
        self.github.clear_requests()
        replayed = browser.open(callback)
        self.assert_on(replayed, "/")
        self.assertEqual(flashes(replayed), [error(UNVERIFIED)])
        self.assert_no_token_request()

    def test_error_with_an_unknown_state_is_refused_as_unverified(self):
        browser = self.browser()
        browser.start_login()
        response = browser.open(f"/login/authorized?error=access_denied&state={forged_state()}")
        self.assert_unverified(response)

    def test_callback_without_any_login_started_is_refused(self):
        forged = f"/login/authorized?code=abc&state={forged_state()}"
        self.assert_unverified(self.browser().open(forged))

    def test_tabs_that_start_logins_at_the_same_moment_both_log_in(self):
        # A restored browser session opens several tabs at once: each /login leaves with the
        # same cookies, and no tab's answer may undo another's login.
        browser = self.browser()
        before = {origin: dict(cookies) for origin, cookies in browser.jar.items()}
        first = browser.authorize(browser.start_login("next=/page1"), "mona")
        after_first = {origin: dict(cookies) for origin, cookies in browser.jar.items()}
        browser.jar = {origin: dict(cookies) for origin, cookies in before.items()}
        second = browser.authorize(browser.start_login("next=/page2"), "mona")
        for origin, cookies in after_first.items():
            for name, value in cookies.items():
                browser.jar.setdefault(origin, {}).setdefault(name, value)
        self.assert_on(browser.follow(first), "/page1")
        page = browser.follow(second)
        self.assert_on(page, "/page2")
        self.assert_logged_in_as(page, *MONA)

    def test_a_sixth_pending_login_pushes_one_out(self):
        browser = self.browser()
        callbacks = [browser.authorize(browser.start_login(f"next=/page2?tab={tab}"), "mona")
                     for tab in range(6)]
        landed = [browser.follow(callback) for callback in callbacks]
        # Once one tab is in, a refused callback leaves the browser logged in: the flash tells.
        refused = [page for page in landed if error(UNVERIFIED) in flashes(page)]
        self.assertEqual(len(refused), 1, [page.url for page in landed])
        self.assert_on(refused[0], "/")
        # The newest is always kept; each kept one lands on its own tab.
        self.assertEqual(landed[-1].url, f"{self.stack.url}/page2?tab=5")
        for tab, page in enumerate(landed):
            if page is not refused[0]:
                self.assertEqual(page.url, f"{self.stack.url}/page2?tab={tab}")
                self.assert_logged_in_as(page, *MONA)


class ReturnPathTest(LoginCase):
    """?next= sends the browser back only within the site."""

    def test_a_same_site_path_is_kept_with_its_query(self):
        response = self.browser().login_as("mona", next="/page2%3Ftab%3D1")
        self.assertEqual(response.url, f"{self.stack.url}/page2?tab=1")
        self.assert_logged_in_as(response, *MONA)

    def test_next_pointing_off_site_lands_on_home(self):
        # As sent in the query, unencoded where a browser would send it so.
        for next_value in ("//evil.example", "https://evil.example", "/\\evil.example",
                           "%2F%2Fevil.example", "%2F%5Cevil.example", "/%09/evil.example",
                           "https%3A%2F%2Fevil.example%2Fpage1", "evil.example"):
            with self.subTest(next=next_value):
                browser = self.browser()
                # The browser itself refuses to be sent off-site; it would raise here.
                response = browser.login_as("mona", next=next_value)
                self.assert_on(response, "/")
                self.assert_logged_in_as(response, *MONA)
                self.assertEqual(flashes(response), [message("You were successfully logged in")])


class LogoutTest(LoginCase):
    """Logout is a POST with the session's CSRF token; it ends the session and revokes the token."""

    def log_in(self):
        browser = self.browser()
        page = browser.login_as("mona")
        self.assert_logged_in_as(page, *MONA)
        return browser, logout_csrf_token(page)

    def assert_still_logged_in(self, browser, session_id):
        self.assertEqual(browser.session_id, session_id)
        self.assertTrue(self.stack.session_file(session_id).exists())
        self.assert_logged_in_as(browser.open("/page2"), *MONA)
        self.assertEqual(self.github.requests_to("revoke"), [])

    def test_get_logout_shows_the_button_and_changes_nothing(self):
        browser, csrf = self.log_in()
        session_id = browser.session_id
        page = browser.get("/logout")
        self.assertEqual(page.status, 200)
        self.assertEqual(page.session_cookies(), [])
        [form] = [form for form in forms_posting_to(page, "/logout")
                  if "Log out" in [button.text() for button in form.find("button")]]
        self.assertEqual(logout_csrf_token(page), csrf)
        self.assertIn(csrf, [field.attrs.get("value") for field in form.find("input")])
        self.assert_still_logged_in(browser, session_id)

    def test_post_without_the_right_csrf_token_does_not_log_out(self):
        for form in ({}, {"csrf_token": ""}, {"csrf_token": forged_state()}):
            with self.subTest(form=form):
                browser, csrf = self.log_in()
                session_id = browser.session_id
                answer = browser.post("/logout", form)
                self.assertEqual((answer.status, answer.header("Location")), (303, "/logout"))
                page = browser.follow(answer)
                self.assertEqual(flashes(page), [error("Your logout could not be confirmed. "
                                                       "Please try again.")])
                self.assertEqual(logout_csrf_token(page), csrf)
                self.assert_still_logged_in(browser, session_id)

    def test_csrf_token_of_another_session_does_not_log_out(self):
        browser, _ = self.log_in()
        _, other_csrf = self.log_in()
        session_id = browser.session_id
        browser.follow(browser.post("/logout", {"csrf_token": other_csrf}))
        self.assert_still_logged_in(browser, session_id)

    def test_post_with_the_csrf_token_logs_out_and_revokes_the_github_token(self):
        token = self.github.mint_token("mona")
        # orggate's token exchange gets a real token that the test knows.
        self.github.set_fault("token", body=token_reply(token), times=1)
        browser, csrf = self.log_in()
        session_id = browser.session_id
        self.assertTrue(self.github.token_is_valid(token))
        self.github.clear_requests()

        answer = browser.post("/logout", {"csrf_token": csrf})
        self.assertEqual((answer.status, answer.header("Location")), (303, "/"))
        self.assertNotIn(session_id, [value for value, _ in answer.session_cookies()])
        self.assertNotEqual(browser.session_id, session_id)
        self.assertFalse(self.stack.session_file(session_id).exists())
        page = browser.follow(answer)
        self.assert_on(page, "/")
        self.assert_logged_out(page)
        self.assertEqual(flashes(page), [message("You were logged out")])
        self.assert_logged_out(self.stack.get("/page1", cookie=session_id))

        # 204: the stand-in knew the token, so orggate sent the one it got at login.
        self.assertEqual([(call["method"], call["path"], call["status"])
                          for call in self.github.requests_to("revoke")],
                         [("DELETE", "/api/v3/applications/it-client-id/token", 204)])
        self.assertFalse(self.github.token_is_valid(token))

    def test_post_logout_when_logged_out_just_goes_home(self):
        browser = self.browser()
        answer = browser.post("/logout", {"csrf_token": forged_state()})
        self.assertEqual((answer.status, answer.header("Location")), (303, "/"))
        self.assert_logged_out(browser.follow(answer))
        self.assertEqual(self.github.requests_to("revoke"), [])


def token_reply(token):
    return json.dumps({"access_token": token, "token_type": "bearer", "scope": "read:org"})


class SecretsTest(LoginCase):
    """The access token and the client secret stay between orggate and GitHub."""

    def test_token_and_client_secret_appear_in_no_page_header_log_or_session_file(self):
        token = self.github.mint_token("mona")
        client_secret = self.stack.settings["GITHUB_CLIENT_SECRET"]
        self.github.set_fault("token", body=token_reply(token), times=1)
        browser = self.browser()
        page = browser.login_as("mona", next="/page1")
        self.assert_logged_in_as(page, *MONA)
        session_file = self.stack.session_file(browser.session_id).read_bytes()
        for path in ("/", "/page1", "/page2", "/logout"):
            browser.open(path)
        browser.follow(browser.post("/logout", {"csrf_token": logout_csrf_token(page)}))
        self.assertFalse(self.github.token_is_valid(token), "the logout should have revoked it")

        for secret in (token, client_secret):
            with self.subTest(secret=secret[:8]):
                for response in browser.history:
                    self.assertNotIn(secret, response.text, response.url)
                    for name, value in response.headers:
                        self.assertNotIn(secret, value, f"{name} of {response.url}")
                self.assertNotIn(secret, self.stack.orggate_log())
                self.assertNotIn(secret, self.stack.nginx_error_log())
                self.assertNotIn(secret.encode(), session_file)
                self.assertNotIn(base64.b64encode(secret.encode()), session_file)

    def test_calls_to_github_identify_themselves_and_send_the_secret_only_where_needed(self):
        browser = self.browser()
        page = browser.login_as("mona")
        browser.follow(browser.post("/logout", {"csrf_token": logout_csrf_token(page)}))
        self.github.answered_requests_to("revoke", 1)  # revoked in the lane, after the page
        calls = [entry for entry in self.github.requests() if entry["route"] in
                 ("token", "user", "membership", "revoke")]
        self.assertEqual([call["route"] for call in calls],
                         ["token", "user", "membership", "revoke"])

        for call in calls:
            with self.subTest(call=call["path"]):
                self.assertTrue(call["user_agent"], "no User-Agent")
                if call["path"].startswith("/api/v3/"):
                    self.assertEqual(call["accept"], "application/vnd.github+json")
                # The client secret goes in the token request's body only ...
                self.assertEqual(call["client_secret_in_body"], call["route"] == "token")
        token_call, user_call, membership_call, revoke_call = calls
        self.assertEqual(token_call["authorization"]["present"], False)
        self.assertEqual(user_call["authorization"]["scheme"], "bearer")
        self.assertEqual(membership_call["authorization"]["scheme"], "bearer")
        # ... except that revoking a token takes the app's credentials as Basic auth, as GitHub
        # requires for DELETE /applications/{client_id}/token.
        self.assertEqual(revoke_call["authorization"]["scheme"], "basic")
        self.assertEqual(revoke_call["body_fields"], ["access_token"])
