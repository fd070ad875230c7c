"""The gate keeps orggate's own cookies from the apps it protects, through the real nginx, orggate
and the stand-in: a proxied app, a FastCGI app and the demo's identity app get the browser's
Cookie without orggate_session, orggate_login_* or orggate_flash, and nothing when only
orggate's cookies came."""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from page import COOKIE_NAME
from processes import stop_process
from stack import Stack

HERE = Path(__file__).resolve().parent
IDENTITY_APP = HERE.parent.parent / "scripts" / "identity-app"


def protected(path, content):
    return (f"location {path} {{\n    auth_request /_orggate/check;\n"
            f'    include "@PREFIX@/orggate-protect.conf";\n    {content}\n}}\n')


def server_extra(http_port, identity_port, fastcgi_socket):
    fastcgi = ("fastcgi_param REQUEST_METHOD $request_method;\n"
               f"    fastcgi_pass unix:{fastcgi_socket};")
    return "".join([
        protected("/app/", f"proxy_pass http://127.0.0.1:{http_port};"),
        protected("/whoami/", f"proxy_pass http://127.0.0.1:{identity_port};"),
        protected("/php/", fastcgi),
    ])


class Upstreams:
    """echo_http_app.py, scripts/identity-app and echo_fastcgi_app.py, on loopback and a socket."""

    def __init__(self, folder):
        self.processes = []
        self.fastcgi_socket = folder / "echo-fastcgi.sock"
        self.http_port = int(self._start(HERE / "echo_http_app.py", "--port", "0"))
        self.identity_port = int(self._start(IDENTITY_APP, "--port", "0"))
        self._start(HERE / "echo_fastcgi_app.py", "--socket", str(self.fastcgi_socket))

    def _start(self, script, *args):
        process = subprocess.Popen([sys.executable, str(script), *args], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, text=True)
        self.processes.append(process)
        return process.stdout.readline().strip()  # each says its port or socket when it listens

    def stop(self):
        for process in self.processes:
            stop_process(process, 15)
            process.stdout.close()


class GateCookiesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        tmp = tempfile.TemporaryDirectory(prefix="orggate-gate-cookies-")
        cls.addClassCleanup(tmp.cleanup)
        cls.upstreams = Upstreams(Path(tmp.name))
        cls.addClassCleanup(cls.upstreams.stop)
        cls.stack = Stack(github=True, server_extra=server_extra(
            cls.upstreams.http_port, cls.upstreams.identity_port, cls.upstreams.fastcgi_socket))
        cls.stack.start()
        cls.addClassCleanup(cls.stack.stop)
        browser = cls.stack.browser()
        browser.login_as("mona")
        cls.session = browser.session_id
        assert cls.session, "mona was not logged in"

    def get(self, path, cookie):
        response = self.stack.request("GET", path, headers={"Cookie": cookie})
        self.assertEqual(response.status, 200, response.text[:300])
        return response

    def browser_cookie(self, before="theme=dark", after="app=1"):
        # What a browser holding the app's cookies and all of orggate's sends.
        return (f"{before}; {COOKIE_NAME}={self.session}; orggate_login_abcdefgh=pending; "
                f"{after}; orggate_flash=garbage")

    def assert_nothing_of_orggates(self, seen):
        text = json.dumps(seen)
        self.assertNotIn("orggate_", text)
        self.assertNotIn(self.session, text)

    def test_a_proxied_app_gets_the_browsers_cookies_without_orggates(self):
        headers = json.loads(self.get("/app/x", self.browser_cookie()).text)["headers"]
        self.assertEqual(headers["cookie"], "theme=dark; app=1")
        self.assertEqual(headers["x-orggate-user"], "mona")  # admitted by that very session
        self.assert_nothing_of_orggates(headers)

    def test_a_proxied_app_gets_no_cookie_when_only_orggates_came(self):
        headers = json.loads(self.get("/app/x", f"{COOKIE_NAME}={self.session}").text)["headers"]
        self.assertEqual(headers["x-orggate-user"], "mona")
        self.assertNotIn("cookie", headers)
        self.assert_nothing_of_orggates(headers)

    def test_a_fastcgi_app_gets_the_browsers_cookies_without_orggates_and_not_the_clients_too(self):
        # The echo app keeps the last of a repeated param, and nginx sends the client's headers
        # after its fastcgi_param lines: a client Cookie passed as well would show here.
        params = json.loads(self.get("/php/x.php", self.browser_cookie()).text)["params"]
        self.assertEqual(params["HTTP_COOKIE"], "theme=dark; app=1")
        self.assertEqual(params["REMOTE_USER"], "mona")
        self.assert_nothing_of_orggates(params)

    def test_a_fastcgi_app_gets_no_cookie_when_only_orggates_came(self):
        params = json.loads(self.get("/php/x.php", f"{COOKIE_NAME}={self.session}").text)["params"]
        self.assertEqual(params["REMOTE_USER"], "mona")
        self.assertNotIn("HTTP_COOKIE", params)
        self.assert_nothing_of_orggates(params)

    def test_the_identity_app_shows_the_cookie_it_got(self):
        page = self.get("/whoami/", self.browser_cookie())
        rows = {row.find("th")[0].text(): [cell.text() for cell in row.find("td")]
                for row in page.find("tr") if row.find("td")}
        self.assertEqual(rows["Cookie"], ["theme=dark; app=1", "theme=dark; app=1"])
        self.assertEqual(rows["X-Orggate-User"][0], "mona")
        self.assertNotIn("orggate_", page.text)

    def test_a_cookie_heavy_browser_still_gets_through_with_all_its_cookies(self):
        # 6 KB of the app's cookies come back from the check in one header: more than nginx's
        # default buffer for an upstream's header (4 KB) would hold.
        big = "; ".join(f"c{n}={'v' * 90}" for n in range(64))
        headers = json.loads(self.get("/app/x", self.browser_cookie(after=big)).text)["headers"]
        self.assertEqual(headers["cookie"], f"theme=dark; {big}")
        self.assert_nothing_of_orggates(headers)


if __name__ == "__main__":
    unittest.main()
