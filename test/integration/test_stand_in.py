"""scripts/github-stand-in: the GitHub it stands in for, as GitHub documents it, plus its test hooks."""

import base64
import hashlib
import hmac
import http.client
import json
import os
import select
import signal
import subprocess
import tempfile
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from page import Response
from processes import free_port
from stack import REPO
from stand_in_process import GitHubStandIn

STAND_IN = REPO / "scripts/github-stand-in"
CLIENT_ID, CLIENT_SECRET, ORG = "it-client-id", "it-client-secret-4f9e2a", "octo-org"
CALLBACK = "https://gate.example.org/login/authorized"
API = {"User-Agent": "orggate-test/1.0", "Accept": "application/vnd.github+json"}
DOCS_ERRORS = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/"
MEMBERSHIP = f"/api/v3/user/memberships/orgs/{ORG}"


def pkce_pair(seed="a"):
    verifier = (seed * 50)[:50]
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class StandInProcess:
    """The stand-in as a real process on loopback; its stderr kept in a file."""

    def __init__(self, port=0, callback=CALLBACK, code_ttl=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="orggate-stand-in-")
        self.ready_file = Path(self.tmp.name) / "ready"
        self.stderr_path = Path(self.tmp.name) / "stderr.log"
        command = [str(STAND_IN), "--port", str(port), "--client-id", CLIENT_ID,
                   "--client-secret", CLIENT_SECRET, "--callback", callback, "--org", ORG,
                   "--ready-file", str(self.ready_file)]
        if code_ttl is not None:
            command += ["--code-ttl", str(code_ttl)]
        with open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                            stderr=stderr, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        self.ready_line = self._read_ready_line()
        self.url = self.ready_line.rsplit(" ", 1)[-1]
        self.port = urlsplit(self.url).port

    def _read_ready_line(self, timeout=10):
        readable, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not readable:
            self.stop(signal.SIGKILL)
            raise RuntimeError("github-stand-in did not say it was listening")
        return self.process.stdout.readline().decode().strip()

    def stop(self, sig=signal.SIGTERM, timeout=5):
        """Signals the process and waits; returns its exit code (None if it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        self.process.stdout.close()
        return self.process.returncode

    def stderr(self):
        return self.stderr_path.read_text(errors="replace")

    def close(self):
        self.stop()
        self.tmp.cleanup()

    def request(self, method, path, headers=None, body=None, timeout=5):
        if isinstance(body, dict):
            body = json.dumps(body)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            response = connection.getresponse()
            return Response(response.status, response.getheaders(), response.read())
        finally:
            connection.close()


class StandInCase(unittest.TestCase):
    """One stand-in for the class; faults, the request log, memberships and webhooks are reset
    before each test."""

    stand_in_options = {}

    @classmethod
    def setUpClass(cls):
        cls.stand_in = StandInProcess(**cls.stand_in_options)

    @classmethod
    def tearDownClass(cls):
        cls.stand_in.close()

    def setUp(self):
        for hook in ("faults", "requests", "members", "webhooks"):
            self.request("DELETE", f"/_stand-in/{hook}")

    def request(self, method, path, headers=None, body=None, timeout=5):
        return self.stand_in.request(method, path, headers, body, timeout)

    # ---- the OAuth web flow, as a browser and orggate would drive it ------------------

    def authorize(self, user="mona", action="authorize", redirect_uri=CALLBACK, state="st4te",
                  challenge=None, scope="read:org"):
        fields = {"client_id": CLIENT_ID, "redirect_uri": redirect_uri, "state": state, "user": user,
                  "action": action, "scope": scope}
        if challenge:
            fields.update(code_challenge=challenge, code_challenge_method="S256")
        response = self.request("POST", "/login/oauth/authorize", body=urlencode(fields),
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(response.status, 302, response.text)
        return response.header("Location")

    def code_for(self, user="mona", challenge=None):
        location = self.authorize(user=user, challenge=challenge)
        return parse_qs(urlsplit(location).query)["code"][0]

    def exchange(self, code, verifier=None, secret=CLIENT_SECRET, redirect_uri=None, as_json=True):
        fields = {"client_id": CLIENT_ID, "client_secret": secret, "code": code}
        if verifier:
            fields["code_verifier"] = verifier
        if redirect_uri:
            fields["redirect_uri"] = redirect_uri
        headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "orggate-test"}
        if as_json:
            headers["Accept"] = "application/json"
        response = self.request("POST", "/login/oauth/access_token", headers, urlencode(fields))
        self.assertEqual(response.status, 200, response.text)  # errors too are 200
        if as_json:
            return json.loads(response.body)
        return {key: values[0] for key, values in parse_qs(response.text).items()}

    def token_for(self, user="mona"):
        verifier, challenge = pkce_pair()
        return self.exchange(self.code_for(user, challenge), verifier)["access_token"]

    def api(self, path, token=None, scheme="Bearer", method="GET", headers=None, body=None):
        headers = dict(API, **(headers or {}))
        if token:
            headers["Authorization"] = f"{scheme} {token}"
        return self.request(method, path, headers, body)

    def fault(self, **spec):
        response = self.request("POST", "/_stand-in/faults", {"Content-Type": "application/json"}, spec)
        self.assertEqual(response.status, 201, response.text)

    def logged(self):
        return json.loads(self.request("GET", "/_stand-in/requests").body)

    def hook(self, method, path, body=None, expect=200):
        """A test hook under /_stand-in/ with a JSON body; its JSON answer."""
        response = self.request(method, "/_stand-in/" + path, {"Content-Type": "application/json"}, body)
        self.assertEqual(response.status, expect, response.text)
        return json.loads(response.body) if response.body else None


class StandInStartTest(StandInCase):
    def test_port_0_prints_the_real_url_and_writes_the_ready_file(self):
        self.assertRegex(self.stand_in.ready_line, r"^github-stand-in: listening on http://127\.0\.0\.1:\d+$")
        self.assertNotEqual(self.stand_in.port, 0)
        self.assertEqual(self.stand_in.ready_file.read_text().strip(), self.stand_in.url)


class StandInAuthorizePageTest(StandInCase):
    def page(self, **params):
        query = urlencode(dict({"client_id": CLIENT_ID, "redirect_uri": CALLBACK, "scope": "read:org",
                                "state": 'st"<ate>'}, **params))
        return self.request("GET", f"/login/oauth/authorize?{query}")

    def test_lists_every_demo_user_with_the_first_chosen_and_both_buttons(self):
        response = self.page()
        self.assertEqual(response.status, 200)
        self.assertIn("text/html", response.header("Content-Type"))
        self.assertIn("Authorize orggate", response.find("title")[0].text())
        radios = [tag for tag in response.find("input") if tag.attrs.get("type") == "radio"]
        self.assertEqual([radio.attrs["value"] for radio in radios],
                         ["mona", "hubot", "pending-pat", "nameless", "html-harry", "restricted-rita", "saml-sam",
                          "many-teams-max", "unicode-uma", "crlf-carl"])
        self.assertEqual([radio.attrs["value"] for radio in radios if "checked" in radio.attrs], ["mona"])
        buttons = {button.attrs.get("value"): button.text() for button in response.find("button")}
        self.assertEqual(set(buttons), {"authorize", "cancel"})
        self.assertIn("Organizations and teams", response.text)
        self.assertNotIn("Pick an account", response.text)

    def test_escapes_every_value_and_carries_the_parameters_in_hidden_fields(self):
        response = self.page(code_challenge=pkce_pair()[1], code_challenge_method="S256")
        self.assertNotIn("<script>", response.text)
        self.assertNotIn('st"<ate>', response.text)
        self.assertIn("&lt;script&gt;alert(&quot;harry&quot;)&lt;/script&gt; Harry &amp; &lt;b&gt;Co", response.text)
        hidden = {tag.attrs["name"]: tag.attrs["value"] for tag in response.find("input")
                  if tag.attrs.get("type") == "hidden"}
        self.assertEqual(hidden["state"], 'st"<ate>')
        self.assertEqual(hidden["redirect_uri"], CALLBACK)
        self.assertEqual(hidden["code_challenge_method"], "S256")
        form = response.find("form")[0]
        self.assertEqual((form.attrs["method"], form.attrs["action"]), ("post", "/login/oauth/authorize"))

    def test_select_account_prompt_and_login_hint(self):
        response = self.page(prompt="select_account", login="pending-pat")
        self.assertIn("Pick an account", response.text)
        checked = [tag.attrs["value"] for tag in response.find("input") if "checked" in tag.attrs]
        self.assertEqual(checked, ["pending-pat"])

    def test_unknown_client_id_gets_the_404_page(self):
        response = self.page(client_id="someone-else")
        self.assertEqual(response.status, 404)
        self.assertIn("text/html", response.header("Content-Type"))
        self.assertIsNone(response.header("Location"))


class StandInAuthorizeTest(StandInCase):
    def test_redirect_uri_outside_the_callback_goes_to_the_callback_with_redirect_uri_mismatch(self):
        for redirect_uri in ["https://gate.example.org/other", "https://gate.example.org/",
                             "https://gate.example.org:8443/login/authorized",
                             "http://gate.example.org/login/authorized", "https://evil.example/login/authorized",
                             "https://gate.example.org/login/authorized/../../x"]:
            with self.subTest(redirect_uri):
                query = urlencode({"client_id": CLIENT_ID, "redirect_uri": redirect_uri, "state": "s 1"})
                response = self.request("GET", f"/login/oauth/authorize?{query}")
                self.assertEqual(response.status, 302)
                self.assertEqual(response.header("Location"), CALLBACK + (
                    "?error=redirect_uri_mismatch&error_description=The+redirect_uri+MUST+match+the+registered"
                    "+callback+URL+for+this+application.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2F"
                    "managing-oauth-apps%2Ftroubleshooting-authorization-request-errors%2F%23redirect-uri-mismatch"
                    "&state=s+1"))

    def test_sub_paths_and_sub_domains_of_the_callback_are_accepted(self):
        for redirect_uri in [CALLBACK, CALLBACK + "/deeper", "https://eu.gate.example.org/login/authorized"]:
            with self.subTest(redirect_uri):
                location = self.authorize(redirect_uri=redirect_uri)
                self.assertTrue(location.startswith(redirect_uri + "?code="), location)

    def test_cancel_redirects_with_access_denied_as_documented(self):
        location = self.authorize(action="cancel", state="xyz")
        self.assertEqual(location, CALLBACK + (
            "?error=access_denied&error_description=The+user+has+denied+your+application+access."
            "&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Fmanaging-oauth-apps%2Ftroubleshooting-"
            "authorization-request-errors%2F%23access-denied&state=xyz"))

    def test_authorize_redirects_with_a_20_hex_digit_code_and_the_state(self):
        query = parse_qs(urlsplit(self.authorize(state="abc")).query)
        self.assertRegex(query["code"][0], r"^[0-9a-f]{20}$")
        self.assertEqual(query["state"], ["abc"])
        self.assertNotEqual(self.code_for(), self.code_for())

    def test_plain_pkce_is_refused_as_github_supports_only_s256(self):
        query = urlencode({"client_id": CLIENT_ID, "state": "s", "code_challenge": "x" * 43,
                           "code_challenge_method": "plain"})
        response = self.request("GET", f"/login/oauth/authorize?{query}")
        self.assertEqual(response.status, 302)
        location = parse_qs(urlsplit(response.header("Location")).query)
        self.assertEqual(location["error"], ["invalid_request"])
        self.assertEqual(location["state"], ["s"])


class StandInTokenTest(StandInCase):
    def test_code_exchange_answers_json_or_a_form_as_accept_asks(self):
        answer = self.exchange(self.code_for())
        self.assertRegex(answer["access_token"], r"^gho_[A-Za-z0-9]{36}$")
        self.assertEqual((answer["token_type"], answer["scope"]), ("bearer", "read:org"))
        form = self.exchange(self.code_for(), as_json=False)
        self.assertRegex(form["access_token"], r"^gho_[A-Za-z0-9]{36}$")
        self.assertEqual((form["token_type"], form["scope"]), ("bearer", "read:org"))

    def test_json_request_body_is_accepted(self):
        body = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "code": self.code_for()}
        response = self.request("POST", "/login/oauth/access_token",
                                {"Content-Type": "application/json", "Accept": "application/json"}, body)
        self.assertIn("access_token", json.loads(response.body))

    def test_pkce_s256_verifier_must_match_the_challenge(self):
        verifier, challenge = pkce_pair("v")
        wrong = self.exchange(self.code_for(challenge=challenge), verifier=pkce_pair("w")[0])
        self.assertEqual(wrong["error"], "bad_verification_code")
        missing = self.exchange(self.code_for(challenge=challenge))
        self.assertEqual(missing["error"], "bad_verification_code")
        self.assertIn("access_token", self.exchange(self.code_for(challenge=challenge), verifier))

    def test_a_code_is_single_use_even_when_its_first_use_failed(self):
        code = self.code_for()
        self.assertIn("access_token", self.exchange(code))
        self.assertEqual(self.exchange(code)["error"], "bad_verification_code")
        verifier, challenge = pkce_pair()
        burned = self.code_for(challenge=challenge)
        self.assertEqual(self.exchange(burned, verifier="x" * 43)["error"], "bad_verification_code")
        self.assertEqual(self.exchange(burned, verifier)["error"], "bad_verification_code")

    def test_errors_carry_the_documented_description_and_uri(self):
        expected = {
            "incorrect_client_credentials": "The client_id and/or client_secret passed are incorrect.",
            "bad_verification_code": "The code passed is incorrect or expired.",
            "redirect_uri_mismatch": "The redirect_uri MUST match the registered callback URL for this application.",
        }
        answers = {"incorrect_client_credentials": self.exchange(self.code_for(), secret="wrong"),
                   "bad_verification_code": self.exchange("0" * 20),
                   "redirect_uri_mismatch": self.exchange(self.code_for(), redirect_uri=CALLBACK + "/x")}
        for error, answer in answers.items():
            with self.subTest(error):
                self.assertEqual(answer["error"], error)
                self.assertEqual(answer["error_description"], expected[error])
                self.assertTrue(answer["error_uri"].startswith("https://docs.github.com/apps/managing-oauth-apps/"))
                self.assertNotIn("access_token", answer)
        form = self.exchange(self.code_for(), secret="wrong", as_json=False)
        self.assertEqual(form["error"], "incorrect_client_credentials")

    def test_issue_code_hook_mints_a_code_without_the_page(self):
        verifier, challenge = pkce_pair()
        response = self.request("POST", "/_stand-in/issue-code", {"Content-Type": "application/json"},
                                {"user": "hubot", "code_challenge": challenge, "code_challenge_method": "S256"})
        self.assertEqual(response.status, 201)
        token = self.exchange(json.loads(response.body)["code"], verifier)["access_token"]
        self.assertEqual(json.loads(self.api("/api/v3/user", token).body)["login"], "hubot")


class StandInApiTest(StandInCase):
    def test_user_object_has_githubs_fields_and_a_served_avatar(self):
        response = self.api("/api/v3/user", self.token_for("mona"))
        self.assertEqual(response.status, 200)
        self.assertEqual(response.header("Content-Type"), "application/json; charset=utf-8")
        self.assertEqual(response.header("x-github-media-type"), "github.v3; format=json")
        user = json.loads(response.body)
        for field in ["login", "id", "node_id", "avatar_url", "gravatar_id", "url", "html_url", "type",
                      "site_admin", "name", "company", "blog", "location", "email", "bio", "public_repos",
                      "followers", "following", "created_at", "updated_at"]:
            self.assertIn(field, user)
        self.assertEqual((user["login"], user["name"], user["type"]), ("mona", "Mona Lisa Octocat", "User"))
        self.assertEqual(user["html_url"], f"{self.stand_in.url}/mona")
        avatar = urlsplit(user["avatar_url"])
        self.assertEqual(avatar.path, f"/avatars/u/{user['id']}")
        image = self.request("GET", f"{avatar.path}?{avatar.query}&s=40")
        self.assertEqual(image.header("Content-Type"), "image/png")
        self.assertTrue(image.body.startswith(b"\x89PNG\r\n\x1a\n"))

    def test_names_as_github_returns_them(self):
        self.assertIsNone(json.loads(self.api("/api/v3/user", self.token_for("nameless")).body)["name"])
        harry = json.loads(self.api("/api/v3/user", self.token_for("html-harry")).body)["name"]
        self.assertEqual(harry, '<script>alert("harry")</script> Harry & <b>Co</b>')

    def test_bearer_and_token_schemes_both_work(self):
        token = self.token_for()
        for scheme in ["Bearer", "token"]:
            with self.subTest(scheme):
                self.assertEqual(self.api("/api/v3/user", token, scheme).status, 200)

    def test_missing_or_unknown_token_is_401(self):
        unknown = self.api("/api/v3/user", "gho_" + "x" * 36)
        self.assertEqual(unknown.status, 401)
        self.assertEqual(json.loads(unknown.body), {"message": "Bad credentials",
                                                    "documentation_url": "https://docs.github.com/rest",
                                                    "status": "401"})
        anonymous = self.api("/api/v3/user")
        self.assertEqual(anonymous.status, 401)
        self.assertEqual(json.loads(anonymous.body)["message"], "Requires authentication")
        self.assertEqual(anonymous.header("x-ratelimit-limit"), "60")

    def test_no_user_agent_is_refused_with_githubs_403(self):
        response = self.request("GET", "/api/v3/user", {"Authorization": f"Bearer {self.token_for()}"})
        self.assertEqual(response.status, 403)
        self.assertTrue(response.text.startswith("Request forbidden by administrative rules. Please make sure "
                                                 "your request has a User-Agent header"))

    def test_membership_for_each_demo_user(self):
        expected = {"mona": (200, "active"), "nameless": (200, "active"), "html-harry": (200, "active"),
                    "pending-pat": (200, "pending"), "hubot": (404, None),
                    "restricted-rita": (403, None), "saml-sam": (403, None)}
        for user, (status, state) in expected.items():
            with self.subTest(user):
                response = self.api(MEMBERSHIP, self.token_for(user))
                self.assertEqual(response.status, status, response.text)
                body = json.loads(response.body)
                if state:
                    self.assertEqual((body["state"], body["role"]), (state, "member"))
                    self.assertEqual(body["organization"]["login"], ORG)
                    self.assertEqual(body["user"]["login"], user)
                    self.assertTrue(body["url"].endswith(f"/orgs/{ORG}/memberships/{user}"))
                elif status == 404:
                    self.assertEqual(body["message"], "Not Found")

    def test_org_policy_403s_say_what_github_says(self):
        rita = self.api(MEMBERSHIP, self.token_for("restricted-rita"))
        self.assertIn(f"the `{ORG}` organization has enabled OAuth App access restrictions",
                      json.loads(rita.body)["message"])
        self.assertIsNone(rita.header("X-GitHub-SSO"))
        sam = self.api(MEMBERSHIP, self.token_for("saml-sam"))
        self.assertTrue(json.loads(sam.body)["message"].startswith(
            "Resource protected by organization SAML enforcement."))
        self.assertRegex(sam.header("X-GitHub-SSO"), rf"^required; url=http://127\.0\.0\.1:\d+/orgs/{ORG}/sso\?")

    def test_membership_of_another_org_is_404_and_the_org_name_ignores_case(self):
        token = self.token_for("mona")
        self.assertEqual(self.api("/api/v3/user/memberships/orgs/other-org", token).status, 404)
        self.assertEqual(self.api(f"/api/v3/user/memberships/orgs/{ORG.upper()}", token).status, 200)

    def test_check_membership_answers_204_404_and_302_as_documented(self):
        mona, hubot = self.token_for("mona"), self.token_for("hubot")
        self.assertEqual(self.api(f"/api/v3/orgs/{ORG}/members/nameless", mona).status, 204)
        self.assertEqual(self.api(f"/api/v3/orgs/{ORG}/members/pending-pat", mona).status, 404)
        outsider = self.api(f"/api/v3/orgs/{ORG}/members/mona", hubot)
        self.assertEqual(outsider.status, 302)
        self.assertTrue(outsider.header("Location").endswith(f"/api/v3/orgs/{ORG}/public_members/mona"))
        self.assertEqual(self.api(f"/api/v3/orgs/{ORG}/public_members/mona").status, 204)

    def test_revoke_takes_the_apps_basic_auth_and_ends_the_token(self):
        token = self.token_for()
        path = f"/api/v3/applications/{CLIENT_ID}/token"

        def revoke(client_id, secret, access_token):
            basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
            return self.api(path, method="DELETE", body={"access_token": access_token},
                            headers={"Authorization": f"Basic {basic}", "Content-Type": "application/json"})

        self.assertEqual(revoke(CLIENT_ID, "wrong", token).status, 404)
        self.assertEqual(self.api("/api/v3/user", token).status, 200)
        self.assertEqual(revoke(CLIENT_ID, CLIENT_SECRET, token).status, 204)
        self.assertEqual(self.api("/api/v3/user", token).status, 401)
        self.assertEqual(revoke(CLIENT_ID, CLIENT_SECRET, token).status, 404)

    def test_rate_limit_headers_count_down_per_token(self):
        first, second = self.token_for(), self.token_for()
        answers = [self.api("/api/v3/user", token) for token in (first, first, second)]
        for response in answers:
            self.assertEqual(response.header("x-ratelimit-limit"), "5000")
            self.assertEqual(response.header("x-ratelimit-resource"), "core")
            self.assertRegex(response.header("x-ratelimit-reset"), r"^\d{10}$")
        self.assertEqual([r.header("x-ratelimit-remaining") for r in answers], ["4999", "4998", "4999"])
        self.assertEqual([r.header("x-ratelimit-used") for r in answers], ["1", "2", "1"])

    def test_unknown_api_path_is_a_json_404(self):
        response = self.api("/api/v3/nothing/here", self.token_for())
        self.assertEqual(response.status, 404)
        self.assertEqual(json.loads(response.body)["message"], "Not Found")


class StandInTeamsTest(StandInCase):
    """GET /user/teams as GitHub documents it: team-full objects of every org, paginated with Link."""

    TEAMS = "/api/v3/user/teams"
    TEAM_FIELDS = {"id", "node_id", "url", "html_url", "name", "slug", "description", "privacy",
                   "notification_setting", "permission", "members_url", "repositories_url", "parent",
                   "members_count", "repos_count", "created_at", "updated_at", "organization"}

    def teams(self, user, query=""):
        response = self.api(self.TEAMS + query, self.token_for(user))
        self.assertEqual(response.status, 200, response.text)
        return response, json.loads(response.body)

    def test_monas_teams_of_both_orgs_with_githubs_fields_on_one_page(self):
        response, teams = self.teams("mona")
        self.assertIsNone(response.header("Link"), "one page: GitHub sends no Link")
        self.assertEqual([(team["slug"], team["organization"]["login"]) for team in teams],
                         [("core", ORG), ("docs", ORG), ("ops-on-call", ORG), ("security", "octo-labs")])
        for team in teams:
            self.assertEqual(set(team), self.TEAM_FIELDS)
            self.assertTrue(team["url"].endswith(f"/api/v3/teams/{team['id']}"))
            self.assertTrue({"login", "id", "node_id", "url", "avatar_url"} <= set(team["organization"]))
        self.assertEqual(teams[2]["parent"]["slug"], "core")
        self.assertIsNone(teams[0]["parent"])
        self.assertEqual(teams[0]["node_id"], base64.b64encode(f"04:Team{teams[0]['id']}".encode()).decode())

    def test_150_teams_come_in_two_pages_linked_as_github_does(self):
        base = f"{self.stand_in.url}/api/v3/user/teams?per_page=100&page="
        first, teams = self.teams("many-teams-max", "?per_page=100")
        self.assertEqual(len(teams), 100)
        self.assertEqual(first.header("Link"), f'<{base}2>; rel="next", <{base}2>; rel="last"')
        second, rest = self.teams("many-teams-max", "?per_page=100&page=2")
        self.assertEqual(len(rest), 50)
        self.assertEqual(second.header("Link"), f'<{base}1>; rel="prev", <{base}1>; rel="first"')
        slugs = [team["slug"] for team in teams + rest]
        self.assertEqual(slugs, [f"team-{n:03d}" for n in range(1, 151)])

    def test_per_page_defaults_to_30_and_stops_at_100(self):
        self.assertEqual(len(self.teams("many-teams-max")[1]), 30)
        self.assertEqual(len(self.teams("many-teams-max", "?per_page=500")[1]), 100)
        self.assertEqual(len(self.teams("many-teams-max", "?per_page=x&page=6")[1]), 0)

    def test_a_bad_or_missing_token_is_401(self):
        for token in ("gho_nope", None):
            response = self.api(self.TEAMS, token)
            self.assertEqual(response.status, 401)
            self.assertIn(json.loads(response.body)["message"], ("Bad credentials", "Requires authentication"))

    def test_an_org_with_app_restrictions_or_saml_has_its_teams_left_out(self):
        for user in ("restricted-rita", "saml-sam"):
            response, teams = self.teams(user)
            self.assertEqual([team["slug"] for team in teams], ["security"], user)
        self.assertEqual(self.teams("saml-sam")[0].header("X-GitHub-SSO"), "partial-results; organizations=9000001")

    def test_the_teams_fault_route(self):
        self.fault(route="teams", status=502)
        response = self.api(self.TEAMS, self.token_for("mona"))
        self.assertEqual(response.status, 502)
        self.assertIn("Unicorn!", response.text)


class StandInFaultTest(StandInCase):
    def test_latency_delays_the_normal_answer(self):
        self.fault(route="user", latency=0.4)
        started = time.monotonic()
        response = self.api("/api/v3/user", self.token_for())
        self.assertGreaterEqual(time.monotonic() - started, 0.35)
        self.assertEqual(response.status, 200)

    def test_status_answers_that_status_with_the_unicorn_page(self):
        self.fault(route="membership", status=502)
        response = self.api(MEMBERSHIP, self.token_for())
        self.assertEqual(response.status, 502)
        self.assertIn("Unicorn!", response.text)

    def test_body_alone_answers_200_with_garbage(self):
        self.fault(route="token", body="<html>not json")
        response = self.request("POST", "/login/oauth/access_token", {"Accept": "application/json"},
                                urlencode({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "code": "x"}))
        self.assertEqual((response.status, response.text), (200, "<html>not json"))

    def test_times_limits_the_requests_affected(self):
        token = self.token_for()
        self.fault(route="user", status=503, times=2)
        statuses = [self.api("/api/v3/user", token).status for _ in range(3)]
        self.assertEqual(statuses, [503, 503, 200])

    def test_hang_never_answers_while_other_routes_do_until_cleared(self):
        token = self.token_for()
        self.fault(route="user", hang=True)
        outcome = {}

        def hung_call():
            try:
                self.request("GET", "/api/v3/user", dict(API, Authorization=f"Bearer {token}"), timeout=3)
                outcome["result"] = "answered"
            except (OSError, http.client.HTTPException) as error:
                outcome["result"] = type(error).__name__

        caller = threading.Thread(target=hung_call)
        caller.start()
        time.sleep(0.3)
        self.assertTrue(caller.is_alive())
        self.assertEqual(self.api(MEMBERSHIP, token).status, 200)
        self.assertEqual(self.request("DELETE", "/_stand-in/faults").status, 204)
        caller.join(3)
        self.assertEqual(outcome.get("result"), "RemoteDisconnected")
        self.assertEqual(self.api("/api/v3/user", token).status, 200)

    def test_rate_limit_faults_answer_as_github_does_over_its_primary_and_secondary_limits(self):
        token = self.token_for("mona")
        self.fault(route="membership", rate_limit="primary", retry_after=120, times=1)
        primary = self.api(MEMBERSHIP, token)
        self.assertEqual(primary.status, 403)
        self.assertEqual(json.loads(primary.body)["message"], "API rate limit exceeded for user ID 1000001.")
        self.assertEqual(primary.header("x-ratelimit-remaining"), "0")
        self.assertAlmostEqual(int(primary.header("x-ratelimit-reset")), time.time() + 120, delta=5)
        self.assertEqual(self.api(MEMBERSHIP, token).status, 200, "times=1: the next call is answered")
        self.fault(route="teams", rate_limit="secondary", status=429, retry_after=7)
        secondary = self.api("/api/v3/user/teams", token)
        self.assertEqual((secondary.status, secondary.header("Retry-After")), (429, "7"))
        self.assertTrue(json.loads(secondary.body)["message"].startswith("You have exceeded a secondary rate limit."))
        self.fault(route="teams", rate_limit="secondary", retry_after=None)
        bare = self.api("/api/v3/user/teams", token)
        self.assertEqual((bare.status, bare.header("Retry-After")), (403, None), "GitHub does not always say when")

    def test_bad_fault_specs_are_refused(self):
        for spec in [{"route": "nowhere", "status": 500}, {"route": "user"}, {"route": "user", "status": "x"},
                     {"route": "user", "hang": True, "colour": "red"},
                     {"route": "user", "rate_limit": "tertiary"},
                     {"route": "user", "rate_limit": "primary", "status": 500}]:
            with self.subTest(spec):
                response = self.request("POST", "/_stand-in/faults", {"Content-Type": "application/json"}, spec)
                self.assertEqual(response.status, 400)


# Every call orggate makes to GitHub during a login and a logout, as (route, method, path).
GITHUB_CALLS = [("token", "POST", "/login/oauth/access_token"), ("user", "GET", "/api/v3/user"),
                ("membership", "GET", MEMBERSHIP), ("teams", "GET", "/api/v3/user/teams?per_page=100"),
                ("revoke", "DELETE", f"/api/v3/applications/{CLIENT_ID}/token")]


class HeldCalls:
    """`count` calls spread over every GitHub route, each in its own thread and connection; records
    how each ended ("answered" or the exception's name) and when."""

    def __init__(self, stand_in, count):
        self.stand_in, self.outcomes, self.lock = stand_in, [], threading.Lock()
        self.threads = [threading.Thread(target=self._call, args=(GITHUB_CALLS[n % len(GITHUB_CALLS)],),
                                         daemon=True) for n in range(count)]
        for thread in self.threads:
            thread.start()

    def _call(self, call):
        _, method, path = call
        try:
            self.stand_in.request(method, path, API, None, timeout=30)
            result = "answered"
        except (OSError, http.client.HTTPException) as error:
            result = type(error).__name__
        with self.lock:
            self.outcomes.append((result, time.monotonic()))

    def join(self, timeout):
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0, deadline - time.monotonic()))
        return [result for result, _ in self.outcomes]


class StandInLoadTest(StandInCase):
    """What orggate's isolation tests and `make bench` need: many held calls, and speed."""

    def hang_every_github_call(self):
        for route, _, _ in GITHUB_CALLS:
            self.fault(route=route, hang=True)

    def wait_until_held(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            held = [entry for entry in self.logged() if entry["status"] is None]
            if len(held) >= count:
                return held
            time.sleep(0.05)
        self.fail(f"only {len(held)} of {count} calls reached the stand-in")

    def test_100_hung_calls_on_every_route_are_held_until_the_faults_are_cleared(self):
        self.hang_every_github_call()
        calls = HeldCalls(self.stand_in, 100)
        held = self.wait_until_held(100)
        self.assertEqual({entry["route"] for entry in held}, {route for route, _, _ in GITHUB_CALLS})
        time.sleep(0.5)
        self.assertEqual(calls.outcomes, [], "a hung call was answered")
        # The hooks and the routes without a fault still answer meanwhile.
        self.assertEqual(self.request("GET", "/login/oauth/authorize?client_id=nobody").status, 404)
        cleared = time.monotonic()
        self.assertEqual(self.request("DELETE", "/_stand-in/faults").status, 204)
        self.assertEqual(calls.join(5), ["RemoteDisconnected"] * 100)
        self.assertLess(max(at for _, at in calls.outcomes) - cleared, 2, "the release was slow")

    def test_keep_alive_answers_are_not_held_back_by_nagle(self):
        # Headers and body in two writes with Nagle on: every answer after the first on a
        # connection waits ~40 ms for the client's delayed ACK.
        connection = http.client.HTTPConnection("127.0.0.1", self.stand_in.port, timeout=5)
        self.addCleanup(connection.close)
        durations = []
        for _ in range(20):
            started = time.monotonic()
            connection.request("GET", "/api/v3/user", headers=API)
            answer = connection.getresponse()
            answer.read()
            self.assertEqual(answer.status, 401)
            durations.append(time.monotonic() - started)
        durations.sort()
        self.assertLess(durations[len(durations) // 2], 0.02, f"median of {durations}")

    def test_64_keep_alive_clients_get_hundreds_of_answers_a_second_at_50_ms_each(self):
        for route, _, _ in GITHUB_CALLS[1:3]:
            self.fault(route=route, latency=0.05)
        token, seconds, counts = self.token_for(), 3, []
        headers = dict(API, Authorization=f"Bearer {token}")
        stop = time.monotonic() + seconds

        def client(path):
            connection, answered = http.client.HTTPConnection("127.0.0.1", self.stand_in.port, timeout=5), 0
            while time.monotonic() < stop:
                connection.request("GET", path, headers=headers)
                answer = connection.getresponse()
                answer.read()
                answered += answer.status == 200
            connection.close()
            counts.append(answered)

        clients = [threading.Thread(target=client, args=(GITHUB_CALLS[1 + n % 2][2],)) for n in range(64)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(seconds + 5)
        # At most 64 / 0.05 s = 1280 a second; a thread per connection reaches ~1200 here.
        self.assertEqual(len(counts), 64)
        self.assertGreaterEqual(sum(counts) / seconds, 400)


class StandInRequestLogTest(StandInCase):
    def test_log_names_what_came_but_never_a_secret(self):
        verifier, challenge = pkce_pair()
        location = self.authorize(challenge=challenge)
        code = parse_qs(urlsplit(location).query)["code"][0]
        token = self.exchange(code, verifier)["access_token"]
        self.api("/api/v3/user", token)
        entries = self.logged()
        self.assertEqual([(e["method"], e["path"]) for e in entries],
                         [("POST", "/login/oauth/authorize"), ("POST", "/login/oauth/access_token"),
                          ("GET", "/api/v3/user")])
        exchange, user = entries[1], entries[2]
        self.assertTrue(exchange["client_secret_in_body"])
        self.assertEqual(exchange["body_fields"], ["client_id", "client_secret", "code", "code_verifier"])
        self.assertEqual(user["authorization"], {"present": True, "scheme": "bearer"})
        self.assertEqual((user["user_agent"], user["accept"]), (API["User-Agent"], API["Accept"]))
        self.assertIn("user-agent", user["headers"])
        self.assertEqual(user["status"], 200)
        dump = json.dumps(entries)
        for secret in [CLIENT_SECRET, code, token, verifier]:
            self.assertNotIn(secret, dump)

    def test_hooks_are_not_logged_and_clearing_empties_the_log(self):
        self.request("GET", "/_stand-in/faults")
        self.assertEqual(self.logged(), [])
        self.request("GET", "/login/oauth/authorize?client_id=x&state=s")
        self.assertEqual(self.logged()[0]["query"], ["client_id", "state"])
        self.request("DELETE", "/_stand-in/requests")
        self.assertEqual(self.logged(), [])


class StandInLifecycleTest(StandInCase):
    """Each test starts its own stand-in: a short code lifetime, a fixed port, a loopback callback, stopping."""

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def setUp(self):
        pass

    def start(self, **options):
        self.stand_in = StandInProcess(**options)
        self.addCleanup(self.stand_in.close)
        return self.stand_in

    def test_codes_expire_after_code_ttl(self):
        port = free_port()
        self.assertEqual(self.start(port=port, code_ttl=0.5).port, port)
        code = self.code_for()
        time.sleep(0.7)
        self.assertEqual(self.exchange(code)["error"], "bad_verification_code")

    def test_a_loopback_callback_accepts_any_port_as_github_documents(self):
        self.start(callback="http://127.0.0.1:8080/login/authorized")
        location = self.authorize(redirect_uri="http://127.0.0.1:9999/login/authorized")
        self.assertTrue(location.startswith("http://127.0.0.1:9999/login/authorized?code="))

    def test_sigterm_exits_zero_promptly_with_a_request_hanging_and_logs_no_secret(self):
        stand_in = self.start()
        verifier, challenge = pkce_pair()
        code = self.code_for(challenge=challenge)
        token = self.exchange(code, verifier)["access_token"]
        self.fault(route="user", hang=True)
        hung = threading.Thread(target=self.swallow, args=(token,), daemon=True)
        hung.start()
        time.sleep(0.2)
        started = time.monotonic()
        self.assertEqual(stand_in.stop(signal.SIGTERM), 0)
        self.assertLess(time.monotonic() - started, 3)
        log = stand_in.stderr()
        self.assertIn("POST /login/oauth/access_token 200", log)
        for secret in [CLIENT_SECRET, code, token, verifier, challenge]:
            self.assertNotIn(secret, log)

    def test_sigterm_drops_100_hung_calls_at_once(self):
        stand_in = self.start()
        StandInLoadTest.hang_every_github_call(self)
        calls = HeldCalls(stand_in, 100)
        StandInLoadTest.wait_until_held(self, 100)
        self.assertEqual(stand_in.stop(signal.SIGTERM), 0)
        self.assertEqual(calls.join(5), ["RemoteDisconnected"] * 100)

    def test_sigint_exits_zero(self):
        self.assertEqual(self.start().stop(signal.SIGINT), 0)

    def swallow(self, token):
        try:
            self.request("GET", "/api/v3/user", dict(API, Authorization=f"Bearer {token}"), timeout=5)
        except (OSError, http.client.HTTPException):
            pass


TEAMS = "/api/v3/user/teams"
BAD_CREDENTIALS = {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}


class StandInMembershipChangeTest(StandInCase):
    """The hooks that change who is in the org and its teams, seen through the REST API."""

    def slugs(self, token):
        response = self.api(TEAMS, token)
        self.assertEqual(response.status, 200, response.text)
        return [team["slug"] for team in json.loads(response.body)]

    def test_a_removed_member_gets_404_for_the_membership_and_the_member_check_and_loses_the_orgs_teams(self):
        mona, nameless = self.token_for("mona"), self.token_for("nameless")
        self.assertEqual(self.api(MEMBERSHIP, mona).status, 200)
        answer = self.hook("POST", "members/remove", {"user": "mona"})
        self.assertEqual((answer["login"], answer["membership"]), ("mona", None))
        membership = self.api(MEMBERSHIP, mona)
        self.assertEqual(membership.status, 404)
        self.assertEqual(json.loads(membership.body)["message"], "Not Found")
        check = self.api(f"/api/v3/orgs/{ORG}/members/mona", nameless)
        self.assertEqual(check.status, 404)
        self.assertEqual(self.api(f"/api/v3/orgs/{ORG}/public_members/mona").status, 404)
        self.assertEqual(self.slugs(mona), ["security"], "only the other org's team is left")
        self.assertEqual(self.api("/api/v3/user", mona).status, 200, "the token itself still works")
        self.assertEqual(self.hook("GET", "members")["mona"]["membership"], None)
        self.assertEqual(self.api(MEMBERSHIP, nameless).status, 200, "another member is untouched")

    def test_membership_goes_back_to_pending_and_active_and_reset_restores_the_defaults(self):
        mona = self.token_for("mona")
        self.hook("POST", "members/remove", {"user": "mona"})
        self.hook("POST", "members/state", {"user": "mona", "state": "pending"})
        pending = self.api(MEMBERSHIP, mona)
        self.assertEqual((pending.status, json.loads(pending.body)["state"]), (200, "pending"))
        self.assertEqual(self.api(f"/api/v3/orgs/{ORG}/members/nameless", mona).status, 302,
                         "a pending member is no member for the member check")
        self.assertEqual(self.slugs(mona), ["security"])
        self.hook("POST", "members/state", {"user": "mona", "state": "active"})
        self.assertEqual(json.loads(self.api(MEMBERSHIP, mona).body)["state"], "active")
        self.assertEqual(self.slugs(mona), ["core", "docs", "ops-on-call", "security"], "teams come back")
        self.hook("POST", "members/remove", {"user": "mona"})
        self.assertEqual(self.request("DELETE", "/_stand-in/members").status, 204)
        self.assertEqual(self.api(MEMBERSHIP, mona).status, 200)

    def test_a_user_leaves_one_team_and_is_added_back_in_its_place(self):
        mona = self.token_for("mona")
        answer = self.hook("POST", "teams/remove", {"user": "mona", "team": "docs"})
        self.assertEqual(answer["teams"], ["core", "ops-on-call", "security"])
        self.assertEqual(self.slugs(mona), ["core", "ops-on-call", "security"])
        self.assertEqual(self.api(MEMBERSHIP, mona).status, 200, "still a member of the org")
        self.hook("POST", "teams/add", {"user": "mona", "team": "docs"})
        self.assertEqual(self.slugs(mona), ["core", "docs", "ops-on-call", "security"])
        self.hook("POST", "teams/add", {"user": "nameless", "team": "core"})
        self.assertEqual(self.slugs(self.token_for("nameless")), ["core"])

    def test_org_policy_switches_to_saml_or_app_restrictions_and_back(self):
        mona = self.token_for("mona")
        self.hook("POST", "members/org-policy", {"user": "mona", "policy": "saml"})
        saml = self.api(MEMBERSHIP, mona)
        self.assertEqual(saml.status, 403)
        self.assertTrue(json.loads(saml.body)["message"].startswith("Resource protected by organization SAML"))
        self.assertRegex(saml.header("X-GitHub-SSO"), r"^required; url=")
        self.assertEqual(self.slugs(mona), ["security"])
        self.hook("POST", "members/org-policy", {"user": "mona", "policy": "oauth-restricted"})
        restricted = self.api(MEMBERSHIP, mona)
        self.assertEqual(restricted.status, 403)
        self.assertIn("has enabled OAuth App access restrictions", json.loads(restricted.body)["message"])
        self.hook("POST", "members/org-policy", {"user": "mona", "policy": None})
        self.assertEqual(self.api(MEMBERSHIP, mona).status, 200)
        self.hook("POST", "members/org-policy", {"user": "saml-sam", "policy": None})
        self.assertEqual(self.api(MEMBERSHIP, self.token_for("saml-sam")).status, 200)

    def test_bad_hook_bodies_are_refused_with_400(self):
        for path, body in [("members/remove", {"user": "nobody"}), ("members/remove", {}),
                           ("members/state", {"user": "mona", "state": "admin"}),
                           ("members/org-policy", {"user": "mona"}),
                           ("members/org-policy", {"user": "mona", "policy": "strict"}),
                           ("teams/remove", {"user": "mona", "team": "no-such-team"}),
                           ("members/revoke-tokens", {"user": "nobody"})]:
            with self.subTest(path=path, body=body):
                self.hook("POST", path, body, expect=400)
        self.assertEqual(self.request("POST", "/_stand-in/members/remove", body="[1]").status, 400)


class StandInTokenRevocationTest(StandInCase):
    def test_revoking_the_app_ends_every_token_of_that_user_with_bad_credentials(self):
        first, second, other = self.token_for("mona"), self.token_for("mona"), self.token_for("nameless")
        self.assertEqual(self.hook("POST", "members/revoke-tokens", {"user": "mona"}), {"login": "mona", "revoked": 2})
        for token in (first, second):
            for path in ("/api/v3/user", MEMBERSHIP, TEAMS):
                with self.subTest(path=path):
                    response = self.api(path, token)
                    self.assertEqual(response.status, 401)
                    self.assertEqual(json.loads(response.body), BAD_CREDENTIALS)
        self.assertEqual(self.api(MEMBERSHIP, other).status, 200, "another user's token still works")
        self.assertEqual(self.hook("POST", "members/revoke-tokens", {"user": "mona"})["revoked"], 0)
        self.assertEqual(self.api("/api/v3/user", self.token_for("mona")).status, 200, "a new login works")


class StandInConditionalRequestTest(StandInCase):
    def test_membership_answers_304_to_its_etag_without_spending_the_rate_limit(self):
        token = self.token_for("mona")
        first = self.api(MEMBERSHIP, token)
        etag = first.header("ETag")
        self.assertRegex(etag, r'^W/"[0-9a-f]{64}"$')
        self.assertEqual(self.api(MEMBERSHIP, token).header("ETag"), etag, "same content, same ETag")
        self.assertIn("private", first.header("Cache-Control"))
        used = int(self.api("/api/v3/user", token).header("x-ratelimit-used"))
        for _ in range(3):
            cached = self.api(MEMBERSHIP, token, headers={"If-None-Match": etag})
            self.assertEqual((cached.status, cached.body), (304, b""))
            self.assertEqual(cached.header("ETag"), etag)
            self.assertEqual(cached.header("x-ratelimit-used"), str(used), "a 304 is free")
        strong = self.api(MEMBERSHIP, token, headers={"If-None-Match": etag[2:]})
        self.assertEqual(strong.status, 304, "If-None-Match compares weakly")
        other = self.api(MEMBERSHIP, token, headers={"If-None-Match": 'W/"0000", W/"1111"'})
        self.assertEqual(other.status, 200)
        self.assertEqual(other.header("x-ratelimit-used"), str(used + 1), "a 200 counts")

    def test_the_etag_changes_when_the_membership_changes(self):
        token = self.token_for("mona")
        etag = self.api(MEMBERSHIP, token).header("ETag")
        self.hook("POST", "members/state", {"user": "mona", "state": "pending"})
        pending = self.api(MEMBERSHIP, token, headers={"If-None-Match": etag})
        self.assertEqual(pending.status, 200)
        self.assertNotEqual(pending.header("ETag"), etag)
        self.hook("POST", "members/remove", {"user": "mona"})
        removed = self.api(MEMBERSHIP, token, headers={"If-None-Match": etag})
        self.assertEqual(removed.status, 404)
        self.assertIsNone(removed.header("ETag"))
        self.hook("POST", "members/state", {"user": "mona", "state": "active"})
        self.assertEqual(self.api(MEMBERSHIP, token, headers={"If-None-Match": etag}).status, 304,
                         "the same content has the same ETag again")

    def test_user_teams_have_an_etag_that_changes_when_a_team_is_left(self):
        token = self.token_for("mona")
        etag = self.api(TEAMS, token).header("ETag")
        self.assertRegex(etag, r'^W/"[0-9a-f]{64}"$')
        self.assertEqual(self.api(TEAMS, token, headers={"If-None-Match": etag}).status, 304)
        self.hook("POST", "teams/remove", {"user": "mona", "team": "core"})
        changed = self.api(TEAMS, token, headers={"If-None-Match": etag})
        self.assertEqual(changed.status, 200)
        self.assertNotEqual(changed.header("ETag"), etag)
        self.hook("POST", "members/remove", {"user": "mona"})
        self.assertNotEqual(self.api(TEAMS, token).header("ETag"), changed.header("ETag"))


class Receiver:
    """A tiny webhook receiver on 127.0.0.1: records every POST (path, headers, exact body) and
    answers `status`."""

    def __init__(self, status=200):
        self.status, self.received, self.arrived = status, [], threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.arrived:
                    receiver.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    receiver.arrived.notify_all()
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/github/webhook"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def wait(self, count, timeout=10):
        """The first `count` requests once they have arrived."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received[:count])

    def close(self):
        self.server.shutdown()
        self.server.server_close()


GUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def signed(secret, body):
    return ("sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
            "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest())


class StandInWebhookTest(StandInCase):
    SECRET = "it-webhook-secret-7c1d"

    def setUp(self):
        super().setUp()
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)

    def add_hook(self, url=None, **fields):
        return self.hook("POST", "webhooks", dict({"url": url or self.receiver.url, "secret": self.SECRET}, **fields),
                         expect=201)

    def received(self, count):
        got = self.receiver.wait(count)
        self.assertEqual(len(got), count, f"only {len(got)} of {count} deliveries arrived")
        return got

    def deliveries(self, ids, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = {d["id"]: d for d in self.hook("GET", "deliveries") if d["id"] in ids and d["done"]}
            if len(done) == len(ids):
                return [done[delivery_id] for delivery_id in ids]
            time.sleep(0.05)
        self.fail(f"deliveries {ids} were not all made")

    def assert_githubs_headers(self, headers, body, event, hook_id):
        self.assertEqual(headers["x-github-event"], event)
        self.assertRegex(headers["x-github-delivery"], GUID)
        self.assertEqual(headers["x-github-hook-id"], str(hook_id))
        self.assertEqual(headers["x-github-hook-installation-target-type"], "organization")
        self.assertTrue(headers["user-agent"].startswith("GitHub-Hookshot/"))
        self.assertEqual(headers["content-type"], "application/json")
        sha256, sha1 = signed(self.SECRET, body)
        self.assertTrue(hmac.compare_digest(headers["x-hub-signature-256"], sha256), "SHA-256 signature")
        self.assertTrue(hmac.compare_digest(headers["x-hub-signature"], sha1), "SHA-1 signature")
        self.assertEqual(headers["content-length"], str(len(body)))

    def test_a_new_hook_is_pinged_with_a_signature_that_verifies(self):
        hook = self.add_hook()
        self.assertEqual(hook["config"], {"content_type": "json", "insecure_ssl": "0", "url": self.receiver.url,
                                          "secret": "********"})
        self.assertEqual(hook["events"], ["organization", "membership"])
        self.assertNotIn(self.SECRET, json.dumps(self.hook("GET", "webhooks")))
        [(path, headers, body)] = self.received(1)
        self.assertEqual(path, "/github/webhook")
        self.assert_githubs_headers(headers, body, "ping", hook["id"])
        ping = json.loads(body)
        self.assertEqual((ping["hook_id"], ping["hook"]["id"], ping["hook"]["type"]),
                         (hook["id"], hook["id"], "Organization"))
        self.assertTrue(ping["zen"])
        self.assertEqual(ping["organization"]["login"], ORG)
        [record] = self.deliveries([hook["ping"]["id"]])
        self.assertEqual((record["status_code"], record["status"], record["event"]), (200, "OK", "ping"))
        self.assertEqual(record["guid"], headers["x-github-delivery"])
        log = self.stand_in.stderr()
        self.assertIn(f"webhook ping {record['guid']} -> {self.receiver.url} OK", log)
        self.assertNotIn(self.SECRET, log)

    def test_removal_from_the_org_delivers_organization_member_removed(self):
        self.add_hook()
        self.received(1)
        answer = self.hook("POST", "members/remove", {"user": "mona"})
        [sent] = answer["deliveries"]
        self.assertEqual((sent["event"], sent["action"]), ("organization", "member_removed"))
        _, headers, body = self.received(2)[1]
        self.assert_githubs_headers(headers, body, "organization", sent["hook_id"])
        self.assertEqual(headers["x-github-delivery"], sent["guid"])
        event = json.loads(body)
        self.assertEqual(event["action"], "member_removed")
        self.assertEqual((event["membership"]["user"]["login"], event["membership"]["user"]["id"]), ("mona", 1000001))
        self.assertEqual((event["membership"]["state"], event["membership"]["role"]), ("active", "member"))
        self.assertTrue(event["membership"]["url"].endswith(f"/orgs/{ORG}/memberships/mona"))
        self.assertEqual((event["organization"]["login"], event["organization"]["id"]), (ORG, 9000001))
        self.assertEqual(event["sender"]["type"], "User")
        self.assertFalse(body.endswith(b"\n"))
        self.assertEqual(self.hook("POST", "members/remove", {"user": "mona"})["deliveries"], [],
                         "removing a non-member announces nothing")

    def test_removal_from_a_team_delivers_membership_removed_and_adding_back_added(self):
        hook = self.add_hook()
        self.received(1)
        self.hook("POST", "teams/remove", {"user": "mona", "team": "ops-on-call"})
        _, headers, body = self.received(2)[1]
        self.assert_githubs_headers(headers, body, "membership", hook["id"])
        event = json.loads(body)
        self.assertEqual((event["action"], event["scope"]), ("removed", "team"))
        self.assertEqual((event["member"]["login"], event["member"]["id"]), ("mona", 1000001))
        self.assertEqual((event["team"]["id"], event["team"]["slug"], event["team"]["name"]),
                         (7000003, "ops-on-call", "Ops on call"))
        self.assertEqual(event["team"]["parent"]["slug"], "core")
        self.assertEqual(event["organization"]["login"], ORG)
        self.assertIn("login", event["sender"])
        self.hook("POST", "teams/add", {"user": "mona", "team": "ops-on-call"})
        self.assertEqual(json.loads(self.received(3)[2][2])["action"], "added")
        other_org = self.hook("POST", "teams/remove", {"user": "mona", "team": "security"})
        self.assertEqual(other_org["deliveries"], [], "another org's team is not this org's event")

    def test_redelivery_sends_the_same_guid_body_and_signature_again(self):
        self.add_hook()
        self.received(1)
        [sent] = self.hook("POST", "members/remove", {"user": "mona"})["deliveries"]
        self.received(2)
        again = self.hook("POST", "deliveries/redeliver", {"id": sent["id"]}, expect=202)
        self.assertTrue(again["redelivery"])
        self.assertNotEqual(again["id"], sent["id"])
        first, second = self.received(3)[1:]
        self.assertEqual(second[1]["x-github-delivery"], first[1]["x-github-delivery"])
        self.assertEqual(second[2], first[2])
        self.assertEqual(second[1]["x-hub-signature-256"], first[1]["x-hub-signature-256"])
        records = self.deliveries([sent["id"], again["id"]])
        self.assertEqual([(r["guid"], r["redelivery"]) for r in records], [(sent["guid"], False), (sent["guid"], True)])
        for unknown in [{"id": 10_000}, {"id": "1"}, {"id": True}, {"guid": sent["guid"]}]:
            self.hook("POST", "deliveries/redeliver", unknown, expect=404)

    def test_a_redelivery_goes_to_the_hook_of_the_delivery_asked_for(self):
        other = Receiver()
        self.addCleanup(other.close)
        first_hook, second_hook = self.add_hook(), self.add_hook(other.url)
        self.received(1), other.wait(1)
        sent = self.hook("POST", "members/remove", {"user": "mona"})["deliveries"]
        self.assertEqual(len({d["guid"] for d in sent}), 1, "one GUID per event, for every hook")
        to_second, = [d for d in sent if d["hook_id"] == second_hook["id"]]
        self.received(2), other.wait(2)
        again = self.hook("POST", "deliveries/redeliver", {"id": to_second["id"]}, expect=202)
        self.assertEqual((again["hook_id"], again["guid"]), (second_hook["id"], to_second["guid"]))
        self.assertEqual(len(other.wait(3)), 3, "the second hook got the redelivery")
        self.assertEqual(len(self.receiver.wait(3, timeout=0.5)), 2, "the first hook got it too")
        self.assertNotEqual(first_hook["id"], second_hook["id"])

    def test_any_event_can_be_delivered_signed_with_a_wrong_secret_or_unsigned(self):
        self.add_hook()
        self.received(1)
        payload = {"action": "member_removed", "membership": {"user": {"login": "mona", "id": 1000001}}}
        raw = '{"action": "member_removed"}  '
        specs = [{"event": "organization", "payload": payload, "secret": "not-the-secret"},
                 {"event": "organization", "payload": payload, "secret": None},
                 {"event": "organization", "body": raw, "guid": "dup-guid-1"}]
        guids = [self.hook("POST", "deliveries", spec, expect=202)[0]["guid"] for spec in specs]
        # Each delivery has a thread of its own, so they may arrive in any order (GitHub's do too).
        by_guid = {headers["x-github-delivery"]: (path, headers, body) for path, headers, body in self.received(4)}
        wrong, unsigned, exact = (by_guid[guid] for guid in guids)
        self.assertEqual(json.loads(wrong[2]), payload)
        self.assertNotEqual(wrong[1]["x-hub-signature-256"], signed(self.SECRET, wrong[2])[0])
        self.assertEqual(wrong[1]["x-hub-signature-256"], signed("not-the-secret", wrong[2])[0])
        self.assertNotIn("x-hub-signature-256", unsigned[1])
        self.assertNotIn("x-hub-signature", unsigned[1])
        self.assertEqual(exact[2], raw.encode(), "the body exactly as given")
        self.assertEqual(exact[1]["x-github-delivery"], "dup-guid-1")
        self.assertEqual(exact[1]["x-hub-signature-256"], signed(self.SECRET, exact[2])[0], "the hook's own secret")
        self.request("DELETE", "/_stand-in/webhooks")
        self.hook("POST", "deliveries", {"event": "ping"}, expect=409)

    def test_every_outcome_is_recorded_and_unwanted_events_are_not_sent(self):
        self.receiver.status = 401
        refused = self.add_hook()
        closed = self.add_hook(url=f"http://127.0.0.1:{free_port()}/hook", events=["membership"])
        form = self.add_hook(content_type="form", events=["*"])
        records = self.deliveries([refused["ping"]["id"], closed["ping"]["id"], form["ping"]["id"]])
        self.assertEqual([(r["status_code"], r["status"]) for r in records[:2]],
                         [(401, "Invalid HTTP Response: 401"), (None, "failed to connect: ConnectionRefusedError")])
        pings = self.received(2)
        form_ping = next(body for _, headers, body in pings if headers["x-github-hook-id"] == str(form["id"]))
        self.assertTrue(form_ping.startswith(b"payload=%7B"))
        sent = self.hook("POST", "members/remove", {"user": "mona"})["deliveries"]
        self.assertEqual(sorted(d["hook_id"] for d in sent), [refused["id"], form["id"]],
                         "the hook for membership events only gets no organization event")
        self.assertEqual(len({d["guid"] for d in sent}), 1, "one event, one GUID for every hook")
        forged = self.hook("POST", "deliveries", {"event": "push", "hook_id": closed["id"]}, expect=202)
        self.assertEqual([d["hook_id"] for d in forged], [closed["id"]], "a forged delivery ignores subscriptions")

    def test_bad_webhook_specs_are_refused(self):
        for body in [{"url": "ftp://x/"}, {"url": self.receiver.url, "content_type": "xml"},
                     {"url": self.receiver.url, "events": []}, {"url": self.receiver.url, "secret": 5}]:
            with self.subTest(body):
                self.hook("POST", "webhooks", body, expect=400)
        self.assertEqual(self.hook("GET", "webhooks"), [])


class StandInClientTest(unittest.TestCase):
    """stand_in_process.GitHubStandIn's helpers, as the orggate tests will call them."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orggate-stand-in-client-")
        cls.github = GitHubStandIn(cls.tmp.name, CLIENT_ID, CLIENT_SECRET, ORG, CALLBACK)
        cls.github.start()

    @classmethod
    def tearDownClass(cls):
        cls.github.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.github.reset()
        self.github.clear_webhooks()
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)

    def membership_status(self, token):
        return self.github.request("GET", MEMBERSHIP, headers=dict(API, Authorization=f"Bearer {token}")).status

    def test_membership_helpers_and_reset(self):
        token = self.github.mint_token("mona")
        self.assertEqual(self.github.remove_member("mona")["membership"], None)
        self.assertEqual(self.membership_status(token), 404)
        self.assertEqual(self.github.set_membership("mona", "active")["membership"], "active")
        self.assertEqual(self.github.remove_from_team("mona", "core")["teams"], ["docs", "ops-on-call", "security"])
        self.assertEqual(self.github.add_to_team("mona", "core")["teams"][0], "core")
        self.assertEqual(self.github.set_org_policy("mona", "saml")["org_policy"], "saml")
        self.assertEqual(self.membership_status(token), 403)
        self.github.reset()
        self.assertEqual(self.github.members()["mona"], {"membership": "active", "org_policy": None,
                                                         "teams": ["core", "docs", "ops-on-call", "security"]})
        self.assertEqual(self.membership_status(token), 200)
        self.assertEqual(self.github.revoke_tokens("mona"), 1)
        self.assertFalse(self.github.token_is_valid(token))

    def test_webhook_helpers(self):
        hook = self.github.add_webhook(self.receiver.url, "client-secret-1")
        self.assertEqual([h["id"] for h in self.github.webhooks()], [hook["id"]])
        [removed] = self.github.remove_member("nameless")["deliveries"]
        [again] = self.github.deliver("organization", {"action": "member_removed"}, secret=None)
        redelivered = self.github.redeliver(removed["id"])
        records = self.github.wait_for_deliveries([hook["ping"]["id"], removed["id"], again["id"], redelivered["id"]])
        self.assertEqual([r["status"] for r in records], ["OK"] * 4)
        self.assertEqual([r["guid"] for r in records[1::2]], [removed["guid"]] * 2)
        self.assertNotIn("X-Hub-Signature-256", records[2]["request"]["headers"])
        self.assertEqual(len(self.receiver.wait(4)), 4)
        self.assertEqual(len(self.github.deliveries()), 4)
        self.github.clear_webhooks()
        self.assertEqual(self.github.deliveries(), [])


if __name__ == "__main__":
    unittest.main()
