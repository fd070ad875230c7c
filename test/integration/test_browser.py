"""`make demo` as a newcomer meets it: scripts/demo started for real, headless Chromium logs in.

The browser is driven by browser.py under Debian's python3 (python3-selenium is installed for
that interpreter); this file starts and stops the demo and decides whether what it saw is right.
ORGGATE_SAVE_SCREENSHOTS=DIR also copies the screenshots to DIR (docs/screenshots, say).
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from processes import free_port
from stack import REPO, build_dir

DEMO = REPO / "scripts/demo"
BROWSER_WALK = Path(__file__).resolve().with_name("browser.py")
DEBIAN_PYTHON = "/usr/bin/python3"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
START_TIMEOUT = 20
WALK_TIMEOUT = 90


def process_group(pgid):
    """Live (non-zombie) processes of a process group, as {pid: command line}."""
    members = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = stat_file.read_text()
            command = stat_file.with_name("cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, _, group = stat.rsplit(")", 1)[1].split()[:3]
        if int(group) == pgid and state != "Z":
            members[int(stat_file.parent.name)] = command.strip()
    return members


class Demo:
    """scripts/demo in its own process group, with its run files and output in a temp dir."""

    def __init__(self, tmp):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output_path = Path(tmp) / "demo.out"
        self.run_dir = Path(tmp) / "run"
        self.process = None

    def start(self):
        # Only PATH and locale: a developer's own GITHUB_*/ORGGATE_* settings stay out.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        with open(self.output_path, "wb") as output:
            self.process = subprocess.Popen(
                [str(DEMO), "--build", str(build_dir()), "--port", str(self.port),
                 "--run-dir", str(self.run_dir)],
                env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if f"orggate demo: open {self.url}\n" in self.output():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"scripts/demo did not get ready; it said:\n{self.output()}")

    def output(self):
        return self.output_path.read_text(errors="replace")

    def members(self):
        return process_group(self.process.pid)

    def stop(self, sig=signal.SIGTERM, timeout=40):
        """Signals scripts/demo (unless sig is None) and waits; returns its exit code and what
        is left of its process group."""
        if sig is not None and self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            code = None
        deadline = time.monotonic() + 5
        while self.members() and time.monotonic() < deadline:
            time.sleep(0.05)
        return code, self.members()

    def kill_everything(self):
        """The last resort after a failed test: nothing of the demo may outlive it."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def walk_in_browser(site, out_dir):
    """Runs browser.py; returns what it saw (a dict), or raises with what it said."""
    command = [DEBIAN_PYTHON, str(BROWSER_WALK), "--site", site, "--out", str(out_dir)]
    # Its own process group, so that a Chromium it failed to quit can be ended with it.
    walk = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = walk.communicate(timeout=WALK_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(walk.pid, signal.SIGKILL)
        stdout, stderr = walk.communicate()
        raise AssertionError(f"browser.py took over {WALK_TIMEOUT} s:\n{stderr}") from None
    finally:
        for pid in process_group(walk.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    try:
        seen = json.loads(stdout)
    except ValueError:
        raise AssertionError(f"browser.py printed no JSON (exit {walk.returncode}):\n"
                             f"{stdout}\n{stderr}") from None
    if "error" in seen:
        raise AssertionError(f"the walk failed at: {seen['failed_step']}\n{seen['error']}"
                             f"at {seen['url']}, showing:\n{seen['page_text']}\n"
                             f"browser console: {seen.get('console')}")
    return seen


def save_screenshots(paths):
    """Copies them to ORGGATE_SAVE_SCREENSHOTS, when it names a folder."""
    target = os.environ.get("ORGGATE_SAVE_SCREENSHOTS")
    if not target:
        return
    Path(target).mkdir(parents=True, exist_ok=True)
    for path in paths:
        shutil.copy(path, target)


@unittest.skipUnless(CHROMIUM.exists() and CHROMEDRIVER.exists(),
                     "needs Debian's chromium and chromium-driver (/usr/bin/chromium, "
                     "/usr/bin/chromedriver); `make deps` installs them")
class DemoInBrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        tmp = tempfile.TemporaryDirectory(prefix="orggate-browser-")
        cls.addClassCleanup(tmp.cleanup)
        cls.tmp = Path(tmp.name)
        cls.demo = Demo(cls.tmp)
        cls.addClassCleanup(cls.demo.kill_everything)
        cls.demo.start()

    @classmethod
    def tearDownClass(cls):
        code, left = cls.demo.stop()
        if code != 0 or left:
            raise AssertionError(f"scripts/demo did not stop cleanly: exit {code}, left {left}\n"
                                 f"{cls.demo.output()}")

    def test_login_logout_the_gate_and_a_team_refusal_without_csp_violations(self):
        shots = self.tmp / "screenshots"
        shots.mkdir()
        seen = walk_in_browser(self.demo.url, shots)
        save_screenshots(seen["screenshots"])

        self.assertTrue(seen["authorize_url"].startswith("http://127.0.0.1:"), seen["authorize_url"])
        self.assertIn("/login/oauth/authorize?", seen["authorize_url"])

        home = seen["home"]
        self.assertEqual(home["url"], self.demo.url + "/")
        self.assertIn("Github userid: mona", home["navbar"])
        self.assertIn("Mona Lisa Octocat", home["navbar"])
        self.assertIn("You were successfully logged in", home["flashes"])
        self.assertEqual(home["login_links"], 0)
        # Served by the stand-in and let through by the page's img-src: the picture is there.
        self.assertGreater(home["avatar_natural_width"], 0, home["avatar_src"])

        page1 = seen["page1"]
        self.assertIn("Github userid: mona", page1["navbar"])
        self.assertGreater(page1["avatar_natural_width"], 0, page1["avatar_src"])
        self.assertIsNotNone(page1["user_data"], "Page 1 shows no user data")
        self.assertEqual(json.loads(page1["user_data"])["login"], "mona")

        logged_out = seen["logged_out"]
        self.assertIn("You were logged out", logged_out["flashes"])
        self.assertEqual(logged_out["login_links"], 1)
        self.assertNotIn("mona", logged_out["navbar"])

        # The gate: an anonymous visitor of a protected URL goes to GitHub, logs in, and lands
        # on that exact URL, query included, with the app's page naming her.
        self.assertIn("/login/oauth/authorize?", seen["gate_authorize_url"])
        whoami = seen["whoami"]
        self.assertEqual(whoami["url"], self.demo.url + "/whoami/?from=browser&tab=headers")
        self.assertEqual(whoami["user"], "mona")
        self.assertEqual(whoami["headers"]["X-Orggate-User"][0], "mona")
        self.assertEqual(whoami["headers"]["X-Orggate-Name"],
                         ["Mona Lisa Octocat", "Mona%20Lisa%20Octocat"])
        self.assertEqual(whoami["headers"]["Remote-User"][0], "mona")

        # A member outside team core is refused at /core-team/, told why, offered another account.
        refused = seen["refused"]
        self.assertEqual(refused["url"], self.demo.url + "/core-team/")
        self.assertIn("Access denied", refused["title"])
        self.assertIn("Github userid: nameless", refused["navbar"])
        self.assertIn("not in team core", refused["reason"])
        self.assertEqual(refused["relogin"], "Log in with another GitHub account")

        violations = [entry["message"] for entry in seen["console"]
                      if "Content Security Policy" in entry["message"]]
        self.assertEqual(violations, [])
        for path in seen["screenshots"]:
            self.assertGreater(Path(path).stat().st_size, 1000, path)


class DemoStopsTogetherTest(unittest.TestCase):
    """The stand-in, the identity app, orggate and nginx stop together: on a signal, or when one
    of them dies."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="orggate-demo-")
        self.addCleanup(tmp.cleanup)
        self.demo = Demo(tmp.name)
        self.addCleanup(self.demo.kill_everything)
        self.demo.start()
        self.running = self.demo.members()
        for part in ("github-stand-in", "identity-app", "orggate --socket", "nginx: master"):
            self.pid_of(part)

    def pid_of(self, part):
        """The demo's process whose command line holds part."""
        pids = [pid for pid, command in self.running.items() if part in command]
        self.assertEqual(len(pids), 1, f"{part!r} in {self.running}")
        return pids[0]

    def test_ctrl_c_stops_them_all(self):
        # A terminal sends SIGINT to the whole foreground process group.
        os.killpg(self.demo.process.pid, signal.SIGINT)
        code, left = self.demo.stop(sig=None)
        self.assertEqual((code, left), (0, {}), self.demo.output())

    def test_when_the_stand_in_dies_orggate_and_nginx_stop_and_the_demo_fails(self):
        os.kill(self.pid_of("github-stand-in"), signal.SIGKILL)
        code, left = self.demo.stop(sig=None)
        self.assertEqual((code, left), (1, {}), self.demo.output())
        self.assertIn("the GitHub stand-in exited", self.demo.output())

    def test_when_the_identity_app_dies_the_rest_stops_and_the_demo_fails(self):
        os.kill(self.pid_of("identity-app"), signal.SIGKILL)
        code, left = self.demo.stop(sig=None)
        self.assertEqual((code, left), (1, {}), self.demo.output())
        self.assertIn("scripts/identity-app exited", self.demo.output())

    def test_when_orggate_dies_the_stand_in_stops_and_the_demo_fails(self):
        os.kill(self.pid_of("orggate --socket"), signal.SIGKILL)
        code, left = self.demo.stop(sig=None)
        self.assertEqual((code, left), (1, {}), self.demo.output())
        self.assertIn("orggate exited", self.demo.output())


if __name__ == "__main__":
    unittest.main()
