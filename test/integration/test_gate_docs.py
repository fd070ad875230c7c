"""docs/GATE.md's examples, read from the file and run as written (only machine paths and ports
swapped for the test's own) through the real nginx, orggate and the stand-in: each location
sends an anonymous visitor to GitHub, gives a script a plain 401, lets the member in with the
identity its upstream expects, and refuses whom its rule leaves out."""

import json
import re
import tempfile
import unittest
from pathlib import Path

from stack import REPO, Stack
from test_gate import EchoApps

GATE_DOC = REPO / "docs" / "GATE.md"
SNIPPET = "/etc/nginx/snippets/orggate-protect.conf"


def example_blocks():
    """The ```nginx blocks of the Examples section, in order."""
    text = GATE_DOC.read_text()
    examples = text[text.index("\n## Examples\n"):]
    examples = examples[:examples.find("\n## ", 1)]
    return re.findall(r"```nginx\n(.*?)```", examples, re.DOTALL)


def locations(block):
    """(match, body) of each top-level location in a block."""
    return re.findall(r"^location (.+?) \{\n(.*?)^\}", block, re.DOTALL | re.MULTILINE)


def runnable(block, root, apps):
    """The block with the documented machine's paths and ports replaced by the test's."""
    block = block.replace(SNIPPET, "@PREFIX@/orggate-protect.conf")
    block = re.sub(r" /srv(?=[/$])", f" {root}/srv", block)
    block = re.sub(r"http://127\.0\.0\.1:\d+", f"http://127.0.0.1:{apps.http_port}", block)
    block = block.replace("unix:/run/php/php8.2-fpm.sock", f"unix:{apps.fastcgi_socket}")
    # The distribution's file, by absolute path: the test's nginx has its own prefix.
    return block.replace("include fastcgi_params;", "include /etc/nginx/fastcgi_params;")


def request_path(match):
    """A URL under a location, with a query string."""
    if match.startswith("~"):
        return "/wiki/index.php?page=Main&x=1"
    return match + "index.html?x=1"


class GateDocsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orggate-gate-docs-")
        cls.root = Path(cls.tmp.name)
        cls.apps = EchoApps(cls.root)
        cls.blocks = example_blocks()

    @classmethod
    def tearDownClass(cls):
        cls.apps.stop()
        cls.tmp.cleanup()

    def serve_files(self, block):
        for folder in re.findall(r"alias /srv/([\w-]+)/;", block):
            path = self.root / "srv" / folder
            path.mkdir(parents=True, exist_ok=True)
            (path / "index.html").write_text(f"the {folder} folder\n")

    def run_block(self, block, check):
        self.serve_files(block)
        with Stack(github=True, server_extra=runnable(block, self.root, self.apps)) as site:
            for match, body in locations(block):
                with self.subTest(location=match):
                    check(site, match, body)

    def logged_in(self, site, user):
        browser = site.browser()
        browser.login_as(user)
        self.assertIsNotNone(browser.session_id, f"{user} was not logged in")
        return browser

    def test_the_documentation_has_the_examples_it_promises(self):
        kinds = " ".join(self.blocks)
        for needed in ("alias ", "proxy_pass ", "fastcgi_pass ", "/_orggate/check/team:",
                       "user:", "Access-Control-Allow-Origin"):
            self.assertIn(needed, kinds)

    def test_every_example_turns_strangers_away_and_lets_the_right_members_in(self):
        for block in self.blocks:
            self.run_block(block, self.check_location)

    def check_location(self, site, match, body):
        path = request_path(match)
        anonymous = site.request("GET", path, headers={"Sec-Fetch-Mode": "navigate"})
        self.assertEqual(anonymous.status, 302, anonymous.text[:300])
        self.assertTrue(anonymous.header("Location").startswith(
            site.github.url + "/login/oauth/authorize?"), anonymous.header("Location"))
        script = site.request("GET", path, headers={"Accept": "application/json"})
        self.assertEqual(script.status, 401, script.text[:300])
        self.assertIsNone(script.header("Location"))

        mona = self.logged_in(site, "mona")  # in the teams core, docs and ops-on-call
        spoofed = {"X-Orggate-User": "evil", "X-Forwarded-User": "evil", "Remote-User": "evil"}
        admitted = site.request("GET", path, headers=spoofed, cookie=mona.session_id)
        self.assertEqual(admitted.status, 200, admitted.text[:300])
        if "proxy_pass" in body:
            headers = json.loads(admitted.text)["headers"]
            for name in ("x-orggate-user", "x-forwarded-user", "remote-user"):
                self.assertEqual(headers[name], "mona")
            self.assertEqual(headers["x-orggate-name"], "Mona%20Lisa%20Octocat")
        elif "fastcgi_pass" in body:
            params = json.loads(admitted.text)["params"]
            self.assertEqual(params["REMOTE_USER"], "mona")
            self.assertEqual(params["HTTP_X_ORGGATE_USER"], "mona")
            self.assertEqual(params["SCRIPT_FILENAME"], f"{self.root}/srv/wiki/index.php")
        else:
            self.assertEqual(admitted.text, f"the {match.strip('/')} folder\n")

        rule = re.search(r"auth_request /_orggate/check/(\S+);", body)
        if rule:  # unicode-uma is a member in the team docs only, and not a named user
            uma = self.logged_in(site, "unicode-uma")
            refused = site.request("GET", path, cookie=uma.session_id)
            self.assertEqual(refused.status, 403, refused.text[:300])
            self.assertIn("not in team", refused.text)
            self.assertNotIn("folder", refused.text)

    def test_the_cors_example_answers_a_preflight_before_the_gate(self):
        cors = [block for block in self.blocks if "OPTIONS" in block]
        self.assertEqual(len(cors), 1)

        def preflight(site, match, body):
            response = site.request("OPTIONS", request_path(match), headers={
                "Origin": "https://app.example.org", "Access-Control-Request-Method": "POST"})
            self.assertEqual(response.status, 204, response.text[:300])
            self.assertEqual(response.header("Access-Control-Allow-Origin"),
                             "https://app.example.org")

        self.run_block(cors[0], preflight)


if __name__ == "__main__":
    unittest.main()
