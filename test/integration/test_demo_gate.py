"""`make demo`'s gate: scripts/demo started for real serves /members/, /whoami/ and /core-team/
behind orggate, an anonymous visitor is sent to the stand-in and comes back, members see the
pages, a member outside team core is refused with the reason, and a member removed at the
stand-in is out at once through the demo's webhook."""

import json
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path
from types import SimpleNamespace

from http_browser import Browser
from test_browser import Demo


def identity_rows(page):
    """scripts/identity-app's table: {header name: [decoded value, value as sent]}."""
    return {row.find("th")[0].text(): [cell.text() for cell in row.find("td")]
            for row in page.find("tr") if row.find("td")}


class DemoGateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        tmp = tempfile.TemporaryDirectory(prefix="orggate-demo-gate-")
        cls.addClassCleanup(tmp.cleanup)
        cls.demo = Demo(Path(tmp.name))
        cls.addClassCleanup(cls.demo.kill_everything)
        cls.demo.start()
        github = (cls.demo.run_dir / "github-stand-in.url").read_text().strip()
        # What http_browser.Browser needs to know of a stack: where nginx and GitHub are.
        cls.site = SimpleNamespace(url=cls.demo.url, github=SimpleNamespace(url=github))

    @classmethod
    def tearDownClass(cls):
        code, left = cls.demo.stop()
        if code != 0 or left:
            raise AssertionError(f"scripts/demo did not stop cleanly: exit {code}, left {left}\n"
                                 f"{cls.demo.output()}")

    def browser(self):
        return Browser(self.site)

    def assert_sent_to_github(self, response):
        self.assertEqual(response.status, 302, response.text[:300])
        location = response.header("Location") or ""
        self.assertTrue(location.startswith(self.site.github.url + "/login/oauth/authorize?"),
                        location)

    def test_the_home_page_links_to_the_three_protected_locations(self):
        links = [a.attrs["href"] for a in self.browser().get("/").find("a")]
        for path in ("/members/", "/whoami/", "/core-team/"):
            self.assertIn(path, links)

    def test_anonymous_visitors_are_sent_to_github_from_every_protected_location(self):
        for path in ("/members/", "/whoami/", "/core-team/", "/members/index.html"):
            with self.subTest(path=path):
                response = self.browser().get(path)
                self.assert_sent_to_github(response)
                self.assertNotIn("Only members of demo-org", response.text)

    def test_a_member_signs_in_from_members_lands_there_and_whoami_names_her(self):
        browser = self.browser()
        redirect = browser.get("/members/?from=demo")
        self.assert_sent_to_github(redirect)
        landed = browser.follow(browser.authorize(browser.get(redirect.header("Location")),
                                                  "mona"))
        self.assertEqual(landed.url, self.demo.url + "/members/?from=demo")
        self.assertEqual(landed.status, 200)
        self.assertIn("Only members of demo-org see this.", landed.text)

        whoami = browser.get("/whoami/")
        self.assertEqual(whoami.status, 200, whoami.text[:300])
        self.assertEqual([s.text() for s in whoami.find("strong", "identity-user")], ["mona"])
        rows = identity_rows(whoami)
        self.assertEqual(rows["X-Orggate-User"][0], "mona")
        self.assertEqual(rows["X-Orggate-User-Id"][0], "1000001")
        self.assertEqual(rows["X-Orggate-Name"][0], "Mona Lisa Octocat")
        self.assertEqual(rows["X-Orggate-Name"][1], "Mona%20Lisa%20Octocat")
        self.assertEqual(rows["Remote-User"][0], "mona")
        self.assertEqual(rows["X-Forwarded-User"][0], "mona")
        # Mona is in team core: the team location lets her in.
        core = browser.get("/core-team/")
        self.assertEqual(core.status, 200, core.text[:300])
        self.assertIn("core", identity_rows(core)["X-Orggate-Teams"][0].split(","))

    def test_a_member_outside_team_core_sees_the_refusal_with_its_reason(self):
        browser = self.browser()
        browser.login_as("nameless")
        self.assertEqual(browser.get("/members/").status, 200)
        refused = browser.get("/core-team/")
        self.assertEqual(refused.status, 403, refused.text[:300])
        self.assertIn("not in team core", " ".join(p.text() for p in refused.find("p")))
        self.assertNotIn("X-Orggate-User", refused.text)

    def test_a_member_removed_at_the_stand_in_is_out_at_once_through_the_webhook(self):
        github = self.site.github.url
        deadline = time.monotonic() + 20
        while not any(delivery["event"] == "ping" and delivery["status"] == "OK"
                      for delivery in stand_in(github, "GET", "/_stand-in/deliveries")):
            self.assertLess(time.monotonic(), deadline, "the demo registered no webhook")
            time.sleep(0.1)
        browser = self.browser()
        browser.login_as("html-harry")
        self.assertEqual(browser.get("/members/").status, 200)
        stand_in(github, "POST", "/_stand-in/members/remove", {"user": "html-harry"})
        removed = time.monotonic()
        while browser.get("/members/").status == 200:
            self.assertLess(time.monotonic() - removed, 2.0, "still admitted after 2 s")
            time.sleep(0.05)
        self.assertIn("Your access ended", browser.get("/").text)


def stand_in(url, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


if __name__ == "__main__":
    unittest.main()
