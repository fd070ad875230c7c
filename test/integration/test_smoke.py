"""scripts/smoke against the local stack: it passes a good deployment and catches broken ones."""

import subprocess
import tempfile
import unittest
from pathlib import Path

import stack
from stack import Stack
from stack_cases import StackCase

SMOKE = stack.REPO / "scripts" / "smoke"


def smoke(*args):
    result = subprocess.run(["python3", str(SMOKE), *args], capture_output=True, text=True,
                            timeout=60)
    return result.returncode, result.stdout


def verdicts(output):
    """{check name: PASS|FAIL|SKIP} from smoke's lines."""
    found = {}
    for line in output.splitlines():
        verdict, _, rest = line.partition(" ")
        if verdict in ("PASS", "FAIL", "SKIP"):
            found[rest.split(":")[0]] = verdict
    return found


class SmokeTest(StackCase):
    """A plain-http stack: its public URL is http, as smoke then expects of the callback."""

    def setUp(self):
        if self.stack.orggate is None:
            self.stack.start_orggate()
        self.http_url = f"http://127.0.0.1:{self.stack.port}"
        self.settings = self.stack.settings

    def test_a_healthy_stack_passes_every_check(self):
        code, out = smoke(self.http_url, "--org", self.settings["GITHUB_ORG"],
                          "--client-id", self.settings["GITHUB_CLIENT_ID"])
        self.assertEqual(code, 0, out)
        self.assertNotIn("FAIL", out)
        self.assertGreaterEqual(list(verdicts(out).values()).count("PASS"), 14, out)
        self.assertRegex(out.splitlines()[-1], r"^smoke http://127\.0\.0\.1:\d+: \d+ passed, 0 failed")

    def test_a_wrong_client_id_or_org_fails(self):
        code, out = smoke(self.http_url, "--client-id", "someone-elses-app", "--org", "other-org")
        self.assertEqual(code, 1)
        found = verdicts(out)
        self.assertEqual(found["authorize URL has the client_id"], "FAIL")
        self.assertEqual(found["home names the organization"], "FAIL")
        self.assertEqual(found["CSS is served as text/css"], "PASS")

    def test_metrics_are_refused_to_a_client_that_is_not_localhost(self):
        code, out = smoke(self.http_url, "--bind", "127.0.0.2")
        self.assertEqual(verdicts(out)["/metrics is not reachable from outside"], "PASS", out)
        self.assertEqual(code, 0, out)

    def test_orggate_down_fails_but_css_still_passes(self):
        self.stack.stop_orggate()
        code, out = smoke(self.http_url)
        self.assertEqual(code, 1)
        found = verdicts(out)
        self.assertEqual(found["home answers 200"], "FAIL", out)
        self.assertIn("HTTP 503: nginx's 'Back in a moment' page, orggate is not answering", out)
        self.assertEqual(found["/healthz is OK"], "FAIL", out)
        self.assertEqual(found["/login redirects to GitHub's authorize URL"], "FAIL", out)
        self.assertIn("smoke http://127.0.0.1", out.splitlines()[-1])


class SmokeHttpsTest(StackCase):
    """A TLS stack, whose public URL is its https address."""

    stack_options = {"tls": True}

    def setUp(self):
        self.https_url = f"https://127.0.0.1:{self.stack.tls_port}"

    def test_https_checks_the_secure_cookie_and_the_missing_redirect(self):
        code, out = smoke(self.https_url, "--insecure")
        found = verdicts(out)
        self.assertEqual(found["login cookie is HttpOnly, SameSite, Secure"], "PASS", out)
        self.assertEqual(found["redirect_uri is this host's /login/authorized over https"], "PASS",
                         out)
        self.assertEqual(found["http redirects to https"], "FAIL", out)  # local config has none
        self.assertEqual(code, 1)

    def test_a_self_signed_certificate_fails_without_insecure(self):
        code, out = smoke(self.https_url)
        self.assertEqual(code, 1)
        self.assertIn("FAIL home answers 200", out)


class SmokeProtectedTest(unittest.TestCase):
    """--protected against a stack whose /docs/ is behind the gate and whose /open/ (the same
    folder) is not: the mistake smoke is there to catch."""

    SECRET = "the protected file's content\n"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orggate-smoke-")
        folder = Path(cls.tmp.name)
        (folder / "secret.txt").write_text(cls.SECRET)
        extra = (f'location /docs/ {{\n    auth_request /_orggate/check;\n'
                 f'    include "@PREFIX@/orggate-protect.conf";\n    alias "{folder}/";\n}}\n'
                 f'location /open/ {{\n    alias "{folder}/";\n}}\n')
        cls.stack = Stack(server_extra=extra)
        try:
            cls.stack.start()
        except BaseException:
            cls.tmp.cleanup()
            raise
        cls.url = cls.stack.url

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        cls.tmp.cleanup()

    def test_a_protected_location_passes(self):
        code, out = smoke(self.url, "--protected", "/docs/secret.txt",
                          "--protected", self.url + "/docs/secret.txt?page=2")
        self.assertEqual(code, 0, out)
        self.assertNotIn("FAIL", out)
        found = verdicts(out)
        for path in ("/docs/secret.txt", "/docs/secret.txt?page=2"):
            self.assertEqual(found[f"{path} sends an anonymous visitor to GitHub's login"], "PASS",
                             out)
            self.assertEqual(found[f"{path} answers a script with a plain 401"], "PASS", out)

    def test_an_unprotected_location_fails_and_says_why(self):
        # Served to anyone: the proof the check can tell.
        self.assertEqual(self.stack.get("/open/secret.txt").text, self.SECRET)
        code, out = smoke(self.url, "--protected", "/open/secret.txt", "--protected", "/docs/")
        self.assertEqual(code, 1, out)
        found = verdicts(out)
        self.assertEqual(found["/open/secret.txt sends an anonymous visitor to GitHub's login"],
                         "FAIL", out)
        self.assertEqual(found["/open/secret.txt answers a script with a plain 401"], "FAIL", out)
        self.assertIn("FAIL /open/secret.txt sends an anonymous visitor to GitHub's login: "
                      "HTTP 200: its content is served to anyone, the location is not protected",
                      out)
        self.assertEqual(found["/docs/ sends an anonymous visitor to GitHub's login"], "PASS", out)
        self.assertRegex(out.splitlines()[-1], r": \d+ passed, 2 failed, \d+ skipped$")

    def test_a_protected_url_of_another_site_is_refused(self):
        code, out = smoke(self.url, "--protected", "https://elsewhere.example/docs/")
        self.assertNotEqual(code, 0)
        self.assertNotIn("PASS", out)


if __name__ == "__main__":
    unittest.main()
