"""What neither a client nor a setting can bend, through the real nginx and orggate: headers a
client sends change nothing that nginx vouches for, HEAD on the callback performs no login, and
the Content-Security-Policy follows GITHUB_URL by itself while nginx covers what orggate did not
answer."""

import time
from urllib.parse import parse_qs, urlsplit

from page import navbar_user
from stack_cases import LoginCase

CLIENT_REQUEST_ID = "client-chosen-request-id-0123456789"
# Headers a proxy in front might set; nginx is the edge here, so they must mean nothing. (A
# foreign Host gets no authorize redirect at all: that is the login's own test.)
SPOOFED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-For": "203.0.113.7",
    "X-Real-IP": "203.0.113.7",
    "Forwarded": "for=203.0.113.7;proto=https;host=evil.example",
    "Https": "on",
    "Request-Id": CLIENT_REQUEST_ID,
    "X-Request-Id": CLIENT_REQUEST_ID,
}
NGINX_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
             "base-uri 'none'; frame-ancestors 'none'")
MONA = ("mona", "Mona Lisa Octocat")


def directive(csp, name):
    """The sources of one CSP directive, e.g. ["'self'", "https://x"]."""
    for part in csp.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in {csp!r}")


class HardeningTest(LoginCase):

    # ---- client headers ------------------------------------------------------------------

    def access_log_ids(self):
        """The request id ending each line of nginx's access log, oldest first."""
        path = self.stack.prefix / "logs/access.log"
        return [line.split()[-1] for line in path.read_text().splitlines() if line.strip()]

    def test_client_headers_change_nothing_nginx_vouches_for(self):
        before_lines = len(self.stack.request_log_lines())
        before_ids = len(self.access_log_ids())
        response = self.stack.get("/login", headers=SPOOFED)
        self.assertEqual(response.status, 302)

        # Plain http: the cookie is not Secure, whatever the client claims.
        cookies = response.header_values("Set-Cookie")
        self.assertTrue(cookies, "the login set no cookie")
        for cookie in cookies:
            attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
            self.assertNotIn("secure", attributes, cookie)

        # The callback is the configured public URL's, not X-Forwarded-Host's or Forwarded's.
        location = response.header("Location")
        self.assertTrue(location.startswith(self.github.url + "/login/oauth/authorize?"), location)
        redirect_uri = parse_qs(urlsplit(location).query)["redirect_uri"][0]
        self.assertEqual(redirect_uri, self.stack.public_url + "/login/authorized")
        self.assertNotIn("evil.example", location)

        # orggate's log line carries nginx's request id, not the one the client sent.
        lines = self.stack.wait_for_request_lines(before_lines + 1)[before_lines:]
        deadline = time.monotonic() + 5
        while len(self.access_log_ids()) <= before_ids and time.monotonic() < deadline:
            time.sleep(0.05)
        nginx_ids = self.access_log_ids()[before_ids:]
        self.assertEqual(len(lines), 1, lines)
        self.assertEqual(len(nginx_ids), 1, nginx_ids)
        self.assertRegex(nginx_ids[0], r"^[0-9a-f]{32}$")
        self.assertIn(f"req={nginx_ids[0]}", lines[0])
        self.assertNotIn(CLIENT_REQUEST_ID, self.stack.orggate_log())

        # nginx logs the connection's address, not a forwarded one (orggate reads none at all).
        access_log = (self.stack.prefix / "logs/access.log").read_text().splitlines()
        self.assertTrue(access_log[-1].startswith("127.0.0.1 "), access_log[-1])

    # ---- HEAD on the callback --------------------------------------------------------------

    def test_head_on_the_callback_performs_no_login_and_leaves_it_for_the_get(self):
        browser = self.browser()
        redirect = browser.authorize(browser.start_login(), "mona")
        callback = redirect.header("Location")
        self.assertIn("state=", callback)
        self.assertIn("code=", callback)
        self.github.clear_requests()

        head = browser.request("HEAD", callback)
        self.assertEqual(head.status, 405)
        self.assertEqual(head.header("Allow"), "GET")
        self.assertEqual(head.body, b"")
        self.assertEqual(self.github.requests(), [], "HEAD made orggate call GitHub")

        self.assert_logged_in_as(browser.open(callback), *MONA)

    # ---- Content-Security-Policy ------------------------------------------------------------

    def test_pages_carry_orggates_one_csp_naming_the_github_in_use(self):
        for path in ["/", "/page1", "/no-such-page"]:
            with self.subTest(path=path):
                response = self.stack.get(path)
                policies = response.header_values("Content-Security-Policy")
                self.assertEqual(len(policies), 1, policies)
                # The stand-in is not github.com: its own origin serves the avatars.
                self.assertEqual(directive(policies[0], "img-src"), ["'self'", self.github.url])
                self.assertEqual(directive(policies[0], "form-action"),
                                 ["'self'", self.github.url])
                self.assertNotIn("githubusercontent", policies[0])

    def test_the_logged_in_avatar_comes_from_a_source_the_csp_allows(self):
        page = self.browser().login_as("mona")
        self.assert_logged_in_as(page, *MONA)
        avatar = navbar_user(page).avatar_url
        self.assertTrue(avatar.startswith(self.github.url + "/"), avatar)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(avatar))
        self.assertIn(origin, directive(page.header("Content-Security-Policy"), "img-src"))

    def test_what_nginx_answers_itself_carries_nginxs_strict_csp(self):
        for path in ["/static/orggate.css", "/static/no-such.css"]:
            with self.subTest(path=path):
                policies = self.stack.get(path).header_values("Content-Security-Policy")
                self.assertEqual(policies, [NGINX_CSP])
        refused = self.stack.request("POST", "/", body=b"x" * 20000)
        self.assertEqual(refused.status, 413)
        self.assertEqual(refused.header_values("Content-Security-Policy"), [NGINX_CSP])
