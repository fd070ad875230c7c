"""Integration harness: real orggate behind real nginx on loopback, optionally the GitHub stand-in;
planted sessions; a small browser that follows redirects and logs in."""

import atexit
import base64
import hashlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from page import (COOKIE_NAME, Response, error, flashes, form_fields, forms_posting_to,
                  has_login_link, navbar_user)

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 10.0
STAND_IN_SCRIPT = REPO / "scripts/github-stand-in"
# Every GitHub call in a test is bounded by this; a fault test waits for it at most once.
GITHUB_TIMEOUT = "2s"

# Stacks still running, stopped at exit even if a test forgot (or crashed before) tearDown.
_live_stacks = set()
atexit.register(lambda: [stack.stop() for stack in list(_live_stacks)])


def build_dir():
    """The build folder under test: run.py passes it in ORGGATE_BUILD."""
    return Path(os.environ.get("ORGGATE_BUILD", REPO / "build")).resolve()


def orggate_binary():
    return build_dir() / "orggate"


def free_port():
    """A loopback port nobody listens on right now (the kernel picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_settings(session_dir):
    """Valid settings for orggate; GitHub points at a closed loopback port unless the Stack
    starts the stand-in. The secret is distinctive so a test can search for it anywhere."""
    return {
        "GITHUB_CLIENT_ID": "it-client-id",
        "GITHUB_CLIENT_SECRET": "it-client-secret-7Qm2xVb9",
        "APP_SECRET_KEY": secrets.token_hex(32),
        "GITHUB_ORG": "octo-org",
        "GITHUB_URL": "http://127.0.0.1:9",
        "GITHUB_API_URL": "http://127.0.0.1:9/api/v3",
        "ORGGATE_SESSION_DIR": str(session_dir),
        "ORGGATE_TEMPLATE_DIR": str(REPO / "templates"),
        "ORGGATE_THREADS": "4",
    }


def clean_environment(settings):
    """Only PATH and locale from the caller: a developer's own ORGGATE_*/GITHUB_* stay out."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    env.update({key: value for key, value in settings.items() if value is not None})
    return env


def run_orggate_once(settings, args=(), timeout=10):
    """Runs orggate to completion (--help, --version, bad settings); returns CompletedProcess."""
    return subprocess.run([str(orggate_binary()), *args], env=clean_environment(settings),
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def new_session_id():
    """43 base64url characters from 32 random bytes, the format orggate issues."""
    return base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()


def session_path(session_dir, session_id):
    """Where orggate keeps a session: DIR/xx/<sha256-hex of id>.json, xx = first two digits."""
    digest = hashlib.sha256(session_id.encode()).hexdigest()
    return Path(session_dir) / digest[:2] / f"{digest}.json"


def make_user(login="octocat", user_id=1, name="The Octocat",
              avatar_url="https://avatars.githubusercontent.com/u/1?v=4"):
    return {"login": login, "id": user_id, "name": name, "avatar_url": avatar_url,
            "html_url": f"https://github.com/{login}"}


def _wait_for(what, ready, alive, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if not alive():
            raise RuntimeError(f"{what} exited during start-up")
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


def _connects(family, address):
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect(address)
            return True
        except OSError:
            return False


class Stack:
    """orggate on a unix socket in a temp dir, nginx on free loopback ports in front of it, and
    with github=True the GitHub stand-in that orggate then logs in against.

    Use as a context manager; stop() is idempotent and also runs at interpreter exit.
    `settings` are applied last, so a test can override any of them (timeouts, say).
    """

    def __init__(self, tls=False, settings=None, github=False):
        self.tls = tls
        self.extra_settings = dict(settings or {})
        self.with_github = github
        self.tmp = None
        self.orggate = None
        self.nginx = None
        self.github = None

    # ---- lifecycle -------------------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="orggate-it-"))
        _live_stacks.add(self)
        try:
            self.socket_path = self.tmp / "orggate.sock"
            # Not created here: orggate makes it, so its mode is the app's doing.
            self.session_dir = self.tmp / "sessions"
            self.prefix = self.tmp / "nginx"
            self.orggate_log_path = self.tmp / "orggate.log"
            self.settings = base_settings(self.session_dir)
            self.port = free_port()
            self.tls_port = free_port() if self.tls else None
            if self.with_github:
                self._start_github()
            self.settings.update(self.extra_settings)
            self._render_nginx_config()
            self.start_orggate()
            self._start_nginx()
        except BaseException:
            self.stop()
            raise

    def stop(self):
        if self.tmp is None:
            return
        if self.nginx is not None:
            # QUIT: graceful, lets the workers finish and exit with the master.
            _stop_process(self.nginx, signal.SIGQUIT)
            self.nginx = None
        # Before orggate: stopping the stand-in releases any request of orggate's it holds.
        if self.github is not None:
            self.github.stop()
            self.github = None
        self.stop_orggate()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp = None
        _live_stacks.discard(self)

    def start_orggate(self):
        """Starts orggate; its stdout and stderr are appended to one log across restarts."""
        assert self.orggate is None, "orggate is already running"
        log = open(self.orggate_log_path, "ab")
        try:
            self.orggate = subprocess.Popen(
                [str(orggate_binary()), "--socket", str(self.socket_path)],
                env=clean_environment(self.settings), stdin=subprocess.DEVNULL,
                stdout=log, stderr=log)
        finally:
            log.close()
        try:
            _wait_for("orggate's socket",
                      lambda: _connects(socket.AF_UNIX, str(self.socket_path)),
                      lambda: self.orggate.poll() is None)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; orggate said:\n{self.orggate_log()}") from None

    def stop_orggate(self, sig=signal.SIGTERM, timeout=10):
        """Signals orggate and waits; returns its exit code, or None if it had to be killed."""
        if self.orggate is None:
            return None
        code = _stop_process(self.orggate, sig, timeout)
        self.orggate = None
        return code

    def restart_orggate(self):
        code = self.stop_orggate()
        self.start_orggate()
        return code

    def _start_github(self):
        """The stand-in, registered with nginx's callback; orggate pointed at it."""
        self.github = GitHubStandIn(self.tmp / "github",
                                    client_id=self.settings["GITHUB_CLIENT_ID"],
                                    client_secret=self.settings["GITHUB_CLIENT_SECRET"],
                                    org=self.settings["GITHUB_ORG"],
                                    callback=self.url + "/login/authorized")
        self.github.start()
        self.settings.update({
            "GITHUB_URL": self.github.url,
            "GITHUB_API_URL": self.github.api_url,
            "ORGGATE_PUBLIC_URL": self.url,
            "ORGGATE_GITHUB_CONNECT_TIMEOUT": GITHUB_TIMEOUT,
            "ORGGATE_GITHUB_TIMEOUT": GITHUB_TIMEOUT,
        })

    def _render_nginx_config(self):
        command = [str(REPO / "scripts/nginx-config"), "local", "--out", str(self.prefix),
                   "--port", str(self.port), "--socket", str(self.socket_path)]
        if self.github is not None:
            # As `make demo` does: avatars come from, and the login form posts to, the stand-in.
            command += ["--img-src", self.github.url, "--form-action", self.github.url]
        if self.tls:
            cert, key = self.tmp / "cert.pem", self.tmp / "key.pem"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                            "-keyout", str(key), "-out", str(cert), "-days", "1",
                            "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
            command += ["--tls-port", str(self.tls_port), "--cert", str(cert), "--key", str(key)]
        subprocess.run(command, check=True, capture_output=True)

    def _start_nginx(self):
        log = open(self.prefix / "logs/stderr.log", "ab")
        try:
            self.nginx = subprocess.Popen(
                ["nginx", "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
                 "-e", str(self.prefix / "logs/error.log")],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        finally:
            log.close()
        ports = [self.port] + ([self.tls_port] if self.tls else [])
        try:
            _wait_for("nginx", lambda: all(_connects(socket.AF_INET, ("127.0.0.1", port))
                                           for port in ports),
                      lambda: self.nginx.poll() is None)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; nginx said:\n{self.nginx_error_log()}") from None

    # ---- requests --------------------------------------------------------------------

    @property
    def url(self):
        """nginx's plain-HTTP address, as a browser reaches the site."""
        return f"http://127.0.0.1:{self.port}"

    def browser(self):
        return Browser(self)

    def request(self, method, path, headers=None, body=None, cookie=None, tls=False):
        """One request on a fresh connection; no redirects followed, every header kept."""
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection("127.0.0.1", self.tls_port, timeout=10,
                                                     context=context)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = dict(headers or {})
        if cookie is not None:
            headers["Cookie"] = f"{COOKIE_NAME}={cookie}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Response(response.status, response.getheaders(), response.read())
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def raw_request(self, data):
        """Sends bytes as-is on a plain connection; returns all it gets until the server closes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(data)
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    # ---- sessions --------------------------------------------------------------------

    def plant_session(self, user=None, flashes=(), values=None, created_at=None,
                      last_seen_at=None, session_id=None):
        """Writes a session file the way orggate stores it; returns the cookie value."""
        now = int(time.time())
        session_id = session_id or new_session_id()
        record = {
            "version": 1,
            "created_at": now if created_at is None else created_at,
            "last_seen_at": now if last_seen_at is None else last_seen_at,
            "flashes": [{"category": category, "text": text} for category, text in flashes],
            "values": dict(values or {}),
        }
        if user is not None:
            record["user"] = user
        path = self.session_file(session_id)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(record, file)
        return session_id

    def session_file(self, session_id):
        return session_path(self.session_dir, session_id)

    def read_session(self, session_id):
        return json.loads(self.session_file(session_id).read_text())

    def all_session_files(self):
        """Every file under the session folder (temp files included), as relative paths."""
        if not self.session_dir.exists():
            return set()
        return {path.relative_to(self.session_dir) for path in self.session_dir.rglob("*")
                if not path.is_dir()}

    # ---- logs ------------------------------------------------------------------------

    def orggate_log(self):
        if not self.orggate_log_path.exists():
            return ""
        return self.orggate_log_path.read_text(errors="replace")

    def request_log_lines(self):
        """orggate's one line per request, "method=... path=... status=... us=... req=...":
        the fields of its `event=request` lines (the tag dropped)."""
        tag = "event=request "
        return [line[len(tag):] for line in self.orggate_log().splitlines() if line.startswith(tag)]

    def wait_for_request_lines(self, count, timeout=5):
        """orggate may log just after the response went out; waits for `count` request lines."""
        deadline = time.monotonic() + timeout
        while len(lines := self.request_log_lines()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return lines

    def nginx_error_log(self):
        parts = []
        for name in ("stderr.log", "error.log"):
            path = self.prefix / "logs" / name
            if path.exists():
                parts.append(path.read_text(errors="replace"))
        return "".join(parts)


def _stop_process(process, sig, timeout=10):
    if process.poll() is not None:
        return process.returncode
    process.send_signal(sig)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


class GitHubStandIn:
    """scripts/github-stand-in as its own process on a free loopback port, and its test hooks."""

    def __init__(self, folder, client_id, client_secret, org, callback):
        self.folder = Path(folder)
        self.client_id, self.client_secret = client_id, client_secret
        self.org, self.callback = org, callback
        self.log_path = self.folder / "stand-in.log"
        self.process = None
        self.url = None

    @property
    def api_url(self):
        return self.url + "/api/v3"

    @property
    def running(self):
        return self.process is not None

    def start(self):
        """Starts it on a free port, or again on the port it had (orggate knows only that one);
        it forgets its codes, tokens, faults and request log."""
        assert self.process is None, "the stand-in is already running"
        self.folder.mkdir(parents=True, exist_ok=True)
        ready = self.folder / "ready"
        ready.unlink(missing_ok=True)
        port = urlsplit(self.url).port if self.url else 0
        command = [str(STAND_IN_SCRIPT), "--port", str(port), "--ready-file", str(ready),
                   "--client-id", self.client_id, "--client-secret", self.client_secret,
                   "--callback", self.callback, "--org", self.org]
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        finally:
            log.close()
        try:
            _wait_for("the GitHub stand-in", ready.exists, lambda: self.process.poll() is None)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; it said:\n{self.log()}") from None
        self.url = ready.read_text().strip()

    def stop(self):
        """SIGTERM; the stand-in drops any hung request on its way out."""
        if self.process is not None:
            _stop_process(self.process, signal.SIGTERM, timeout=5)
            self.process = None

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # ---- talking to it -----------------------------------------------------------------

    def request(self, method, path, body=None, headers=None):
        """One request to the stand-in; a dict body is sent as JSON."""
        headers = dict(headers or {})
        if isinstance(body, dict):
            body = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        connection = http.client.HTTPConnection("127.0.0.1", urlsplit(self.url).port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Response(response.status, response.getheaders(), response.read(), url=path)
        finally:
            connection.close()

    def _hook(self, method, path, body=None, expect=(200, 201, 204)):
        response = self.request(method, "/_stand-in/" + path, body)
        if response.status not in expect:
            raise RuntimeError(f"stand-in {method} {path}: {response.status} {response.text}")
        return json.loads(response.body) if response.body else None

    def set_fault(self, route, **spec):
        """route: authorize, token, user, membership or revoke; spec: latency, status, body,
        content_type, hang, times (see the stand-in's --help)."""
        return self._hook("POST", "faults", dict(spec, route=route))

    def clear_faults(self):
        """Also releases every request a hang fault holds."""
        self._hook("DELETE", "faults")

    def requests(self):
        """What reached the stand-in, oldest first: method, path, route, header names, the
        Authorization scheme, user_agent, accept, client_secret_in_body, status."""
        return self._hook("GET", "requests")

    def requests_to(self, route):
        return [entry for entry in self.requests() if entry["route"] == route]

    def clear_requests(self):
        self._hook("DELETE", "requests")

    def reset(self):
        self.clear_faults()
        self.clear_requests()

    def mint_token(self, user):
        """A real access token for `user`, known to the test: a code as if the user had clicked
        Authorize, exchanged the way an OAuth app does."""
        code = self._hook("POST", "issue-code", {"user": user})["code"]
        fields = {"client_id": self.client_id, "client_secret": self.client_secret, "code": code}
        answer = self.request("POST", "/login/oauth/access_token", urlencode(fields),
                              {"Accept": "application/json",
                               "Content-Type": "application/x-www-form-urlencoded"})
        return json.loads(answer.body)["access_token"]

    def token_is_valid(self, token):
        answer = self.request("GET", "/api/v3/user", headers={
            "Authorization": f"Bearer {token}", "User-Agent": "orggate-integration-test",
            "Accept": "application/vnd.github+json"})
        return answer.status == 200


class Browser:
    """A tiny browser for the login flow: cookies kept per origin (nginx's and the stand-in's),
    redirects followed only through follow(), every response kept in `history`."""

    REDIRECTS = (301, 302, 303, 307, 308)

    def __init__(self, stack):
        self.stack = stack
        self.jar = {}  # netloc -> {cookie name: value}
        self.history = []

    @property
    def session_id(self):
        """orggate's cookie as this browser holds it now, or None."""
        return self.jar.get(urlsplit(self.stack.url).netloc, {}).get(COOKIE_NAME)

    def set_session_id(self, session_id):
        """Plants orggate's cookie, as an attacker who fixes a victim's session id would."""
        self.jar.setdefault(urlsplit(self.stack.url).netloc, {})[COOKIE_NAME] = session_id

    def request(self, method, url, form=None, timeout=10):
        """One request; `url` is absolute or a path on nginx, sent as given (not re-encoded)."""
        url = urljoin(self.stack.url + "/", url)
        parts = urlsplit(url)
        self._check_origin(parts.netloc, url)
        headers = {}
        cookies = self.jar.get(parts.netloc)
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""),
                                body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.getheaders(), answer.read(), url=url)
        finally:
            connection.close()
        self._keep_cookies(parts.netloc, response)
        self.history.append(response)
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, form, **kwargs):
        return self.request("POST", url, form=form, **kwargs)

    def follow(self, response, limit=10):
        """Follows redirects (as GETs) until a page that is not one; returns that page."""
        for _ in range(limit):
            if response.status not in self.REDIRECTS:
                return response
            response = self.get(urljoin(response.url, response.header("Location")))
        raise AssertionError(f"more than {limit} redirects, the last to {response.url}")

    def open(self, url):
        return self.follow(self.get(url))

    # ---- logging in ----------------------------------------------------------------------

    def start_login(self, query=""):
        """GET /login?QUERY (sent as given), then the stand-in's authorize page it redirects to."""
        redirect = self.get("/login" + (f"?{query}" if query else ""))
        location = redirect.header("Location") or ""
        authorize_url = self.stack.github.url + "/login/oauth/authorize?"
        if redirect.status != 302 or not location.startswith(authorize_url):
            raise AssertionError(f"/login did not send the browser to GitHub: "
                                 f"{redirect.status} {location!r}")
        return self.get(location)

    def authorize(self, authorize_page, user, action="authorize"):
        """Picks `user` on the authorize page and clicks Authorize ("cancel": Cancel); returns the
        stand-in's redirect back to /login/authorized, not yet followed."""
        forms = forms_posting_to(authorize_page, "/login/oauth/authorize")
        if len(forms) != 1:
            raise AssertionError(f"no authorize form: {authorize_page.status} "
                                 f"{authorize_page.text[:300]}")
        fields = dict(form_fields(forms[0]), user=user, action=action)
        return self.post(urljoin(authorize_page.url, forms[0].attrs["action"]), fields)

    def login_as(self, user, next=None, action="authorize"):
        """/login (with ?next= as given) -> authorize page -> Authorize as `user` ->
        /login/authorized -> wherever orggate sends the browser; returns that final page."""
        page = self.start_login("" if next is None else f"next={next}")
        return self.follow(self.authorize(page, user, action))

    # ---- cookies and origins -------------------------------------------------------------

    def _check_origin(self, netloc, url):
        known = {urlsplit(self.stack.url).netloc}
        if self.stack.github is not None:
            known.add(urlsplit(self.stack.github.url).netloc)
        if netloc not in known:
            raise AssertionError(f"the browser was sent off-site, to {url}")

    def _keep_cookies(self, netloc, response):
        cookies = self.jar.setdefault(netloc, {})
        for line in response.header_values("Set-Cookie"):
            first, *attributes = [part.strip() for part in line.split(";")]
            name, _, value = first.partition("=")
            if any(attribute.lower() == "max-age=0" for attribute in attributes):
                cookies.pop(name, None)
            else:
                cookies[name] = value


class StackCase(unittest.TestCase):
    """One stack shared by the test class; `stack_options` are Stack's keyword arguments."""

    stack_options = {}

    @classmethod
    def setUpClass(cls):
        cls.stack = Stack(**cls.stack_options)
        cls.stack.start()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()


class LoginCase(unittest.TestCase):
    """A stack with the GitHub stand-in, shared by the class (`stack_settings` override orggate's
    settings); the stand-in's faults and request log are cleared before each test."""

    stack_settings = {}

    @classmethod
    def setUpClass(cls):
        cls.stack = Stack(github=True, settings=cls.stack_settings)
        cls.stack.start()
        cls.github = cls.stack.github

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()

    def setUp(self):
        self.github.reset()

    def browser(self):
        return self.stack.browser()

    # ---- what the user sees ------------------------------------------------------------

    def assert_on(self, response, path):
        """The browser ended on this page of the site, and it rendered."""
        self.assertEqual(response.url, self.stack.url + path)
        self.assertEqual(response.status, 200, response.text[:300])

    def assert_logged_in_as(self, response, login, name):
        user = navbar_user(response)
        self.assertIsNotNone(user, f"no logged-in navbar on {response.url}")
        self.assertEqual(user.name, name)
        self.assertEqual(user.userid, f"Github userid: {login}")
        self.assertFalse(has_login_link(response))

    def assert_logged_out(self, response):
        self.assertIsNone(navbar_user(response))
        self.assertTrue(has_login_link(response), f"no Login link on {response.url}")

    def assert_refused_on_home(self, response, text, link_url=None, link_text=None):
        """A failed login: back home, logged out, one error flash saying why."""
        self.assert_on(response, "/")
        self.assert_logged_out(response)
        self.assertEqual(flashes(response), [error(text, link_url, link_text)])

    def assert_no_server_errors(self, browser):
        """No page of the flow answered 5xx (the stand-in's own faults are not orggate's)."""
        for response in browser.history:
            if response.url.startswith(self.stack.url):
                self.assertLess(response.status, 500, f"{response.url}: {response.text[:300]}")

    def assert_no_token_request(self):
        self.assertEqual(self.github.requests_to("token"), [],
                         "orggate called GitHub's token endpoint")
