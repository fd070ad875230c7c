"""The gate (nginx's auth_request in front of any location) through the real nginx, orggate and
the stand-in: a static folder, a proxied app and a FastCGI app behind org, team, user, any-of and
malformed rules; the sign-in round trip back to the exact URL; scripts' plain 401; the identity
headers, encoded and never the client's; logout and orggate down failing closed."""

import json
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from fastcgi_wire import PARAMS, STDIN, begin_request, encode_params, read_response, record
from page import COOKIE_NAME, flashes, form_fields, forms_posting_to, message
from processes import stop_process, wait_for
from stack import Stack, make_user

HERE = Path(__file__).resolve().parent
SECRET = "the protected file's content\n"
CLIENT_COPIES = {"X-Orggate-User": "evil", "X-Orggate-User-Id": "666", "X-Orggate-Name": "Evil",
                 "X-Orggate-Teams": "admins", "X-Forwarded-User": "evil", "Remote-User": "evil"}


def protected(path, rule, content):
    return checked_by(path, "/_orggate/check" + (f"/{rule}" if rule else ""), content)


def checked_by(path, check, content):
    return (f"location {path} {{\n    auth_request {check};\n"
            f'    include "@PREFIX@/orggate-protect.conf";\n    {content}\n}}\n')


def server_extra(static_dir, http_port, fastcgi_socket):
    alias = f'alias "{static_dir}/";'
    fastcgi = ("fastcgi_param REQUEST_METHOD $request_method;\n"
               "    fastcgi_param CONTENT_LENGTH $content_length;\n"
               f"    fastcgi_pass unix:{fastcgi_socket};")
    return "".join([
        protected("/docs/", "", alias),
        protected("/team/", "team:core", alias),
        protected("/users/", "user:Nameless", alias),
        protected("/anyof/", "team:core,user:nameless", alias),
        protected("/broken/", "group:core", alias),
        # A rule without its "/", and one after a "?" (which nginx escapes as %3F).
        checked_by("/slashless/", "/_orggate/checkteam:core", alias),
        checked_by("/question/", "/_orggate/check?team:core", alias),
        protected("/app/", "", f"proxy_pass http://127.0.0.1:{http_port};"),
        protected("/php/", "", fastcgi),
        # Not `return`: it runs in the rewrite phase, before auth_request could refuse.
        protected("/api/", "", alias),
    ])


class EchoApps:
    """echo_http_app.py on a free port and echo_fastcgi_app.py on a unix socket in `folder`."""

    def __init__(self, folder):
        self.fastcgi_socket = folder / "echo-fastcgi.sock"
        self.http = self._start([str(HERE / "echo_http_app.py"), "--port", "0"])
        self.http_port = int(self.http.stdout.readline())
        self.fastcgi = self._start([str(HERE / "echo_fastcgi_app.py"),
                                    "--socket", str(self.fastcgi_socket)])
        self.fastcgi.stdout.readline()

    @staticmethod
    def _start(command):
        return subprocess.Popen([sys.executable, *command], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, text=True)

    def stop(self):
        for process in (self.http, self.fastcgi):
            stop_process(process, 15)
            process.stdout.close()


class GateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orggate-gate-")
        folder = Path(cls.tmp.name)
        static = folder / "static"
        static.mkdir()
        (static / "secret.txt").write_text(SECRET)
        cls.apps = EchoApps(folder)
        cls.stack = Stack(github=True, server_extra=server_extra(
            static, cls.apps.http_port, cls.apps.fastcgi_socket))
        try:
            cls.stack.start()
        except BaseException:
            cls.apps.stop()
            cls.tmp.cleanup()
            raise
        cls.github = cls.stack.github

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        cls.apps.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.github.reset()

    # ---- helpers ---------------------------------------------------------------------------

    def logged_in(self, user):
        browser = self.stack.browser()
        browser.login_as(user)
        self.assertIsNotNone(browser.session_id, f"{user} was not logged in")
        return browser

    def log_out(self, browser):
        forms = forms_posting_to(browser.get("/"), "/logout")
        self.assertEqual(len(forms), 1)
        browser.post("/logout", form_fields(forms[0]))
        self.assertIsNone(browser.session_id)

    def get(self, path, browser=None, headers=None, method="GET", body=None):
        cookie = browser.session_id if browser is not None else None
        return self.stack.request(method, path, headers=headers, body=body, cookie=cookie)

    def assert_served(self, response):
        self.assertEqual(response.status, 200, response.text[:300])
        self.assertEqual(response.text, SECRET)

    def assert_sent_to_github(self, response):
        self.assertEqual(response.status, 302, response.text[:300])
        location = response.header("Location")
        self.assertTrue(location.startswith(self.github.url + "/login/oauth/authorize?"), location)
        self.assertNotIn(SECRET, response.text)

    def assert_denied_page(self, response, reason):
        self.assertEqual(response.status, 403, response.text[:300])
        self.assertNotIn(SECRET, response.text)
        self.assertIn("text/html", response.header("Content-Type"))
        self.assertIn(reason, " ".join(p.text() for p in response.find("p")))
        links = [a for a in response.find("a") if "another GitHub account" in a.text()]
        self.assertEqual(len(links), 1, response.text)
        return links[0].attrs["href"]

    def echoed(self, response):
        self.assertEqual(response.status, 200, response.text[:300])
        return json.loads(response.text)

    # ---- the org rule and the sign-in round trip ----------------------------------------------

    def test_the_org_rule_admits_a_member(self):
        browser = self.logged_in("mona")
        self.assert_served(self.get("/docs/secret.txt", browser))
        # Any method of the protected request is checked the same.
        self.assertEqual(self.get("/docs/secret.txt", browser, method="HEAD").status, 200)
        self.assertEqual(self.get("/docs/secret.txt", method="HEAD").status, 302)

    def test_an_anonymous_visitor_signs_in_and_lands_on_the_exact_url_with_its_query(self):
        target = "/docs/secret.txt?x=1&to=//evil.example&y=%2F%20"
        for case in ("no cookie", "forged cookie", "expired cookie", "logged-out cookie"):
            with self.subTest(case=case):
                browser = self.stack.browser()
                if case == "forged cookie":
                    browser.set_session_id("A" * 43)
                if case == "expired cookie":  # idle for longer than the default 24 hours
                    browser.set_session_id(self.stack.plant_session(
                        user=make_user("mona", 1000001), last_seen_at=int(time.time()) - 90000))
                if case == "logged-out cookie":
                    browser = self.logged_in("mona")
                    old = browser.session_id
                    self.log_out(browser)
                    browser.set_session_id(old)
                redirect = browser.get(target)
                self.assert_sent_to_github(redirect)
                query = parse_qs(urlsplit(redirect.header("Location")).query)
                self.assertNotIn("rd", query)
                self.assertNotIn("next", query)
                landed = browser.follow(browser.authorize(browser.get(redirect.header("Location")),
                                                          "mona"))
                self.assertEqual(landed.url, self.stack.url + target)
                self.assert_served(landed)
                # The file could show no flash; none is left to surface on a later page.
                self.assertNotIn(message("You were successfully logged in"),
                                 flashes(browser.get("/page2")))
                for response in browser.history:
                    location = response.header("Location") or ""
                    self.assertNotRegex(location, r"[?&](rd|next)=", response.url)

    def test_an_anonymous_visitor_to_a_1500_byte_url_lands_back_on_it_after_login(self):
        target = "/docs/secret.txt?q=" + "long-query_" * 134 + "&to=%2Fx&y=1"
        self.assertGreaterEqual(len(target), 1500)
        browser = self.stack.browser()
        redirect = browser.get(target)
        self.assert_sent_to_github(redirect)
        landed = browser.follow(browser.authorize(browser.get(redirect.header("Location")), "mona"))
        self.assertEqual(landed.url, self.stack.url + target)
        self.assert_served(landed)

    def test_scripts_get_a_plain_401_without_a_redirect(self):
        for headers, method in [({"Accept": "application/json"}, "GET"),
                                ({"Accept": "application/json, text/html;q=0.5"}, "GET"),
                                ({"X-Requested-With": "XMLHttpRequest"}, "GET"),
                                ({"Sec-Fetch-Mode": "cors"}, "GET"),
                                ({}, "POST")]:
            with self.subTest(headers=headers, method=method):
                response = self.get("/api/data", headers=headers, method=method,
                                    body=b"" if method == "POST" else None)
                self.assertEqual(response.status, 401, response.text[:300])
                self.assertIsNone(response.header("Location"))
                self.assertEqual(response.text, "Sign in required\n")
                self.assertIn("text/plain", response.header("Content-Type"))
        navigate = self.get("/api/data", headers={"Sec-Fetch-Mode": "navigate",
                                                  "Accept": "text/html,*/*;q=0.8"})
        self.assert_sent_to_github(navigate)

    def test_orggates_own_gate_paths_are_not_reachable_from_outside(self):
        for path in ("/_orggate/check", "/_orggate/check/team:core", "/_orggate/signin",
                     "/_orggate/denied", "/_orggate/"):
            with self.subTest(path=path):
                self.assertEqual(self.get(path).status, 404)

    # ---- team, user, any-of and malformed rules -----------------------------------------------

    def test_a_team_rule_admits_the_teams_member_and_refuses_another_naming_the_team(self):
        self.assert_served(self.get("/team/secret.txt", self.logged_in("mona")))
        nameless = self.logged_in("nameless")
        relogin = self.assert_denied_page(self.get("/team/secret.txt?a=b", nameless),
                                          "not in team core")
        query = parse_qs(urlsplit(relogin).query)
        self.assertEqual(urlsplit(relogin).path, "/login")
        self.assertEqual(query["prompt"], ["select_account"])
        self.assertEqual(query["next"], ["/team/secret.txt?a=b"])
        # The button asks GitHub for its account picker.
        login = nameless.get(relogin)
        self.assertEqual(login.status, 302)
        self.assertEqual(parse_qs(urlsplit(login.header("Location")).query)["prompt"],
                         ["select_account"])
        plain = self.get("/team/secret.txt", nameless, headers={"Accept": "application/json"})
        self.assertEqual(plain.status, 403)
        self.assertIn("not in team core", plain.text)
        self.assertIsNone(plain.header("Location"))

    def test_a_user_rule_admits_the_listed_login_whatever_its_case_and_nobody_else(self):
        self.assert_served(self.get("/users/secret.txt", self.logged_in("nameless")))
        self.assert_denied_page(self.get("/users/secret.txt", self.logged_in("mona")),
                                "not one of the allowed users")

    def test_an_any_of_rule_admits_a_team_member_or_a_listed_user(self):
        self.assert_served(self.get("/anyof/secret.txt", self.logged_in("mona")))
        self.assert_served(self.get("/anyof/secret.txt", self.logged_in("nameless")))
        self.assert_denied_page(self.get("/anyof/secret.txt", self.logged_in("unicode-uma")),
                                "not in team core and not one of the allowed users")

    def test_a_malformed_rule_refuses_everyone_and_is_logged_once(self):
        mona = self.logged_in("mona")
        for n in range(6):
            self.assert_denied_page(self.get(f"/broken/secret.txt?n={n}", mona),
                                    "this location's rule is misconfigured")
            self.assertEqual(self.get("/broken/secret.txt").status, 403)
        lines = [line for line in self.stack.orggate_log().splitlines()
                 if "gate_rule_invalid" in line]
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("rule=group:core", lines[0])

    def test_a_rule_without_its_slash_or_after_a_question_mark_is_misconfigured_not_a_503(self):
        mona = self.logged_in("mona")
        for location, path in [("/slashless/", "/_orggate/checkteam:core"),
                               ("/question/", "/_orggate/check?team:core")]:
            with self.subTest(location=location):
                for n in range(3):
                    self.assert_denied_page(self.get(f"{location}secret.txt?n={n}", mona),
                                            "this location's rule is misconfigured")
                    anonymous = self.get(f"{location}secret.txt")
                    self.assertEqual(anonymous.status, 403, anonymous.text[:300])
                    self.assertNotIn(SECRET, anonymous.text)
                lines = [line for line in self.stack.orggate_log().splitlines()
                         if "gate_rule_invalid" in line and f"path={path}" in line]
                self.assertEqual(len(lines), 1, self.stack.orggate_log()[-2000:])

    # ---- identity headers -------------------------------------------------------------------

    def test_a_proxied_app_gets_the_identity_headers_encoded(self):
        uma = self.echoed(self.get("/app/hello", self.logged_in("unicode-uma")))["headers"]
        self.assertEqual(uma["x-orggate-user"], "unicode-uma")
        self.assertEqual(uma["x-orggate-user-id"], "1000009")
        self.assertTrue(uma["x-orggate-name"].isascii(), uma["x-orggate-name"])
        self.assertEqual(unquote(uma["x-orggate-name"]), "Uma Ünïcødé 🦉")
        self.assertEqual(uma["x-orggate-teams"], "docs")
        self.assertEqual(uma["x-forwarded-user"], "unicode-uma")
        self.assertEqual(uma["remote-user"], "unicode-uma")
        carl = self.echoed(self.get("/app/hello", self.logged_in("crlf-carl")))["headers"]
        self.assertEqual(carl["x-orggate-user"], "crlf-carl")
        self.assertNotIn("\r", carl["x-orggate-name"] + carl["x-orggate-user"])
        self.assertEqual(unquote(carl["x-orggate-name"]), "Carl\r\nX-Orggate-User: mona")
        mona = self.echoed(self.get("/app/hello", self.logged_in("mona")))["headers"]
        self.assertEqual(mona["x-orggate-teams"], "core,docs,ops-on-call")
        nameless = self.echoed(self.get("/app/", self.logged_in("nameless")))["headers"]
        self.assertEqual(nameless["x-orggate-name"], "nameless")
        self.assertNotIn("x-orggate-teams", nameless)

    def test_a_clients_own_identity_headers_never_reach_the_proxied_app(self):
        headers = self.echoed(self.get("/app/x", self.logged_in("mona"),
                                       headers=CLIENT_COPIES))["headers"]
        self.assertEqual(headers["x-orggate-user"], "mona")
        self.assertEqual(headers["x-orggate-user-id"], "1000001")
        self.assertEqual(unquote(headers["x-orggate-name"]), "Mona Lisa Octocat")
        self.assertEqual(headers["x-orggate-teams"], "core,docs,ops-on-call")
        self.assertEqual(headers["x-forwarded-user"], "mona")
        self.assertEqual(headers["remote-user"], "mona")
        self.assertNotIn("evil", json.dumps(headers))

    def test_a_clients_own_identity_headers_never_reach_the_fastcgi_app(self):
        params = self.echoed(self.get("/php/index.php", self.logged_in("mona"),
                                      headers=CLIENT_COPIES))["params"]
        self.assertEqual(params["REMOTE_USER"], "mona")
        self.assertEqual(params["HTTP_X_ORGGATE_USER"], "mona")
        self.assertEqual(params["HTTP_X_ORGGATE_USER_ID"], "1000001")
        self.assertEqual(unquote(params["HTTP_X_ORGGATE_NAME"]), "Mona Lisa Octocat")
        self.assertEqual(params["HTTP_X_ORGGATE_TEAMS"], "core,docs,ops-on-call")
        self.assertEqual(params["HTTP_X_FORWARDED_USER"], "mona")
        self.assertEqual(params["HTTP_REMOTE_USER"], "mona")
        self.assertNotIn("evil", json.dumps(params))

    def test_a_post_with_a_body_reaches_the_protected_apps(self):
        mona = self.logged_in("mona")
        body = b"greeting=hello+world&n=" + b"7" * 3000
        app = self.echoed(self.get("/app/form", mona, method="POST", body=body,
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}))
        self.assertEqual((app["method"], app["body"]), ("POST", body.decode()))
        php = self.echoed(self.get("/php/form.php", mona, method="POST", body=body))
        self.assertEqual((php["params"]["REQUEST_METHOD"], php["body"]), ("POST", body.decode()))

    # ---- failing closed, and what the check never does -------------------------------------------

    def test_logout_refuses_the_very_next_gated_request(self):
        browser = self.logged_in("mona")
        old = browser.session_id
        self.assert_served(self.get("/docs/secret.txt", browser))
        self.log_out(browser)
        browser.set_session_id(old)
        self.assert_sent_to_github(self.get("/docs/secret.txt", browser))
        self.assertEqual(self.get("/api/x", browser, headers={"Accept": "application/json"}).status,
                         401)

    def test_the_check_never_calls_github(self):
        mona, nameless = self.logged_in("mona"), self.logged_in("nameless")
        self.github.clear_requests()
        self.assert_served(self.get("/team/secret.txt", mona))
        self.assertEqual(self.get("/team/secret.txt", nameless).status, 403)
        self.assertEqual(self.get("/app/", mona).status, 200)
        self.assertEqual(self.get("/api/", headers={"Accept": "application/json"}).status, 401)
        self.assertEqual(self.github.requests(), [])

    def test_the_check_answers_without_a_body_or_a_cookie(self):
        mona = self.logged_in("mona")
        # A session a minute old is refreshed by the check: still no cookie goes out.
        session = self.stack.read_session(mona.session_id)
        stale = self.stack.plant_session(user=session["user"], values=session["values"],
                                         last_seen_at=int(time.time()) - 120)
        cases = {stale: "204", "A" * 43: "401", "": "401"}
        for cookie, status in cases.items():
            with self.subTest(status=status):
                head, body = self.check_directly("/_orggate/check", cookie)
                self.assertIn(f"Status: {status}", head)
                self.assertNotIn("set-cookie", head.lower())
                self.assertEqual(body, "")
        head, body = self.check_directly("/_orggate/check/team:core", stale)
        self.assertIn("Status: 403", head)
        self.assertIn("X-Orggate-Reason: not%20in%20team%20core", head)
        self.assertEqual(body, "")

    def check_directly(self, path, cookie):
        """One FastCGI request to orggate, as nginx's auth subrequest sends it."""
        params = {"REQUEST_METHOD": "POST", "DOCUMENT_URI": path, "REQUEST_URI": "/app/x",
                  "CONTENT_LENGTH": "5", "HTTP_HOST": urlsplit(self.stack.url).netloc}
        if cookie:
            params["HTTP_COOKIE"] = f"{COOKIE_NAME}={cookie}"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(10)
            sock.connect(str(self.stack.socket_path))
            sock.sendall(begin_request() + record(PARAMS, encode_params(params)) +
                         record(PARAMS, b"") + record(STDIN, b""))
            head, _, body = read_response(sock).decode().partition("\r\n\r\n")
        return head, body

    def test_with_orggate_stopped_the_protected_content_is_not_served(self):
        mona = self.logged_in("mona")
        self.stack.stop_orggate()
        try:
            for path in ("/docs/secret.txt", "/app/x", "/php/x.php"):
                with self.subTest(path=path):
                    response = self.get(path, mona)
                    self.assertEqual(response.status, 503, response.text[:300])
                    self.assertIn("Sign-in service unavailable", response.text)
                    self.assertEqual(response.header("Retry-After"), "5")
                    self.assertNotIn(SECRET, response.text)
                    self.assertNotIn("x-orggate", response.text.lower())
        finally:
            self.stack.start_orggate()
        wait_for("the gate again", lambda: self.get("/docs/secret.txt", mona).status == 200,
                 lambda: True)


if __name__ == "__main__":
    unittest.main()
