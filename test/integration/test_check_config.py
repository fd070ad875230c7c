"""orggate check-config: validates settings without serving, hides secrets, and with --online
tells a wrong client id or secret apart from a network problem (against the GitHub stand-in)."""

import tempfile
import unittest
from pathlib import Path

import stack

SECRET = "client-SECRET-for-check-config"


class CheckConfigTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="orggate-check-")
        cls.github = stack.GitHubStandIn(cls.tmp.name, "check-client", SECRET, "octo-org",
                                         "http://127.0.0.1:1/login/authorized")
        cls.github.start()

    @classmethod
    def tearDownClass(cls):
        cls.github.stop()
        cls.tmp.cleanup()

    def settings(self, **overrides):
        settings = stack.base_settings(Path(self.tmp.name) / "sessions")
        settings.update({"GITHUB_CLIENT_ID": "check-client", "GITHUB_CLIENT_SECRET": SECRET,
                         "GITHUB_URL": self.github.url, "GITHUB_API_URL": self.github.api_url,
                         "ORGGATE_GITHUB_TIMEOUT": "3s"})
        settings.update(overrides)
        return settings

    def check(self, *args, **overrides):
        result = stack.run_orggate_once(self.settings(**overrides), ("check-config", *args),
                                        timeout=30)
        self.assertNotIn(SECRET, result.stdout + result.stderr)
        self.assertNotIn(self.settings()["APP_SECRET_KEY"], result.stdout + result.stderr)
        return result

    def test_good_settings_pass_and_print_the_effective_configuration_redacted(self):
        result = self.check("--online")
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn("GITHUB_CLIENT_ID = check-client", result.stdout)
        self.assertIn("GITHUB_CLIENT_SECRET = (set, ", result.stdout)
        self.assertIn("PASS GitHub knows GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET", result.stdout)
        self.assertEqual(result.stdout.strip().splitlines()[-1], "check-config: all good")
        self.assertFalse((Path(self.tmp.name) / "sessions").exists(), "check-config made a folder")

    def test_a_wrong_secret_is_named_as_such(self):
        result = self.check("--online", GITHUB_CLIENT_SECRET="not-the-secret")
        self.assertEqual(result.returncode, 1)
        self.assertIn("FAIL GitHub knows GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET: GitHub does "
                      "not know this client id and secret pair", result.stdout)
        self.assertIn("PASS GitHub answers at", result.stdout)

    def test_an_unreachable_github_is_a_network_problem(self):
        dead = f"http://127.0.0.1:{stack.free_port()}"
        result = self.check("--online", GITHUB_URL=dead, GITHUB_API_URL=dead + "/api/v3")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"FAIL GitHub answers at {dead}: no answer", result.stdout)
        self.assertNotIn("does not know", result.stdout)

    def test_without_online_github_is_not_asked(self):
        self.github.clear_requests()
        result = self.check()
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertEqual(self.github.requests(), [])

    def test_missing_templates_fail(self):
        result = self.check(ORGGATE_TEMPLATE_DIR="/nonexistent/templates")
        self.assertEqual(result.returncode, 1)
        self.assertIn("FAIL templates load from /nonexistent/templates", result.stdout)

    def test_missing_settings_are_reported_all_at_once(self):
        result = stack.run_orggate_once({"ORGGATE_TEMPLATE_DIR": str(stack.REPO / "templates")},
                                        ("check-config",))
        self.assertEqual(result.returncode, 2)
        for name in ("GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "APP_SECRET_KEY", "GITHUB_ORG",
                     "ORGGATE_PUBLIC_URL"):
            self.assertIn(name, result.stderr)

    def test_a_missing_public_url_is_an_error(self):
        result = self.check(ORGGATE_PUBLIC_URL=None)
        self.assertEqual(result.returncode, 2, result.stdout)
        self.assertIn("ORGGATE_PUBLIC_URL is not set", result.stderr)
        self.assertNotIn("all good", result.stdout)

    def test_settings_that_could_hurt_are_errors(self):
        cases = {"GITHUB_URL": "http://github.example.com",
                 "ORGGATE_SOCKET": "0.0.0.0:9000",
                 "ORGGATE_SESSION_IDLE_TIMEOUT": "30s",
                 "ORGGATE_GITHUB_TIMEOUT": "5m",
                 "ORGGATE_PUBLIC_URL": "https://gate.example.org/app"}
        for name, value in cases.items():
            with self.subTest(name=name):
                result = self.check(**{name: value})
                self.assertEqual(result.returncode, 2, result.stdout)
                self.assertIn(f"{name} must be", result.stderr)

    def test_an_env_line_systemd_reads_otherwise_is_an_error_naming_the_line(self):
        env_file = Path(self.tmp.name) / "orggate.env"
        env_file.write_text("# settings\nGITHUB_ORG=octo-org # the org\n")
        result = self.check("--env-file", str(env_file))
        self.assertEqual(result.returncode, 2, result.stdout)
        self.assertIn(f"{env_file}: line 2: an unquoted value with a # after a space",
                      result.stderr)


if __name__ == "__main__":
    unittest.main()
