"""Integration harness: real orggate behind real nginx on loopback, optionally the stand-in; planted sessions."""

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
from pathlib import Path

from http_browser import Browser
from page import COOKIE_NAME, Response
from processes import connects, free_port, stop_process, wait_for
from stand_in_process import GitHubStandIn

REPO = Path(__file__).resolve().parents[2]
# Every GitHub call in a test is bounded by this; a fault test waits for it at most once.
GITHUB_TIMEOUT = "2s"

# Stacks still running, stopped at exit even if a test forgot (or crashed before) tearDown.
_live_stacks = set()
atexit.register(lambda: [stack.stop() for stack in list(_live_stacks)])

INDEX_COMPLETE = Path("users/.complete")  # UserIndex::complete


def build_dir():
    """The build folder under test: run.py passes it in ORGGATE_BUILD."""
    return Path(os.environ.get("ORGGATE_BUILD", REPO / "build")).resolve()


def orggate_binary():
    return build_dir() / "orggate"


def base_settings(session_dir):
    """Valid settings for orggate; GitHub points at a closed loopback port unless the Stack
    starts the stand-in, and the public URL at a placeholder that a Stack replaces with its own.
    The secret is distinctive so a test can search for it anywhere."""
    return {
        "GITHUB_CLIENT_ID": "it-client-id",
        "GITHUB_CLIENT_SECRET": "it-client-secret-7Qm2xVb9",
        "APP_SECRET_KEY": secrets.token_hex(32),
        "GITHUB_ORG": "octo-org",
        "GITHUB_URL": "http://127.0.0.1:9",
        "GITHUB_API_URL": "http://127.0.0.1:9/api/v3",
        "ORGGATE_PUBLIC_URL": "http://127.0.0.1:9",
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


class Stack:
    """orggate on a unix socket in a temp dir, nginx on free loopback ports in front of it, and
    with github=True the GitHub stand-in that orggate then logs in against.

    Use as a context manager; stop() is idempotent and also runs at interpreter exit.
    `settings` are applied last, so a test can override any of them (timeouts, say); they are
    orggate's whole environment, so LD_PRELOAD and the like go there too. `session_dir` puts the
    sessions somewhere of the test's choosing (a small tmpfs, say) instead of the temp dir.
    """

    def __init__(self, tls=False, settings=None, github=False, session_dir=None,
                 server_extra=""):
        self.tls = tls
        # nginx text added inside the server block (protected locations, say); "@PREFIX@" in
        # it becomes nginx's prefix, where orggate-protect.conf is.
        self.server_extra = server_extra
        self.extra_settings = dict(settings or {})
        self.chosen_session_dir = session_dir
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
            # Where orggate puts the gate check's socket by itself, and nginx-config expects it.
            self.check_socket_path = self.tmp / "check.sock"
            # Not created here: orggate makes it, so its mode is the app's doing.
            self.session_dir = Path(self.chosen_session_dir or self.tmp / "sessions")
            self.prefix = self.tmp / "nginx"
            self.orggate_log_path = self.tmp / "orggate.log"
            self.settings = base_settings(self.session_dir)
            self.port = free_port()
            self.tls_port = free_port() if self.tls else None
            self.settings["ORGGATE_PUBLIC_URL"] = self.public_url
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
            stop_process(self.nginx, signal.SIGQUIT)
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
            checks = self.settings.get("ORGGATE_CHECK_SOCKET") != "off"
            wait_for("orggate's sockets",
                     lambda: connects(socket.AF_UNIX, str(self.socket_path)) and (
                         not checks or connects(socket.AF_UNIX, str(self.check_socket_path))),
                     lambda: self.orggate.poll() is None)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; orggate said:\n{self.orggate_log()}") from None

    def stop_orggate(self, sig=signal.SIGTERM, timeout=10):
        """Signals orggate and waits; returns its exit code, or None if it had to be killed."""
        if self.orggate is None:
            return None
        code = stop_process(self.orggate, sig, timeout)
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
                                    callback=self.public_url + "/login/authorized")
        self.github.start()
        self.settings.update({
            "GITHUB_URL": self.github.url,
            "GITHUB_API_URL": self.github.api_url,
            "ORGGATE_GITHUB_CONNECT_TIMEOUT": GITHUB_TIMEOUT,
            "ORGGATE_GITHUB_TIMEOUT": GITHUB_TIMEOUT,
        })

    def _render_nginx_config(self):
        command = [str(REPO / "scripts/nginx-config"), "local", "--out", str(self.prefix),
                   "--port", str(self.port), "--socket", str(self.socket_path)]
        if self.tls:
            cert, key = self.tmp / "cert.pem", self.tmp / "key.pem"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                            "-keyout", str(key), "-out", str(cert), "-days", "1",
                            "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
            command += ["--tls-port", str(self.tls_port), "--cert", str(cert), "--key", str(key)]
        subprocess.run(command, check=True, capture_output=True)
        if self.server_extra:
            conf = self.prefix / "nginx.conf"
            text = conf.read_text()
            include = text.index("        include ")
            extra = self.server_extra.replace("@PREFIX@", str(self.prefix))
            conf.write_text(text[:include] + extra + "\n" + text[include:])

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
            wait_for("nginx", lambda: all(connects(socket.AF_INET, ("127.0.0.1", port))
                                          for port in ports),
                     lambda: self.nginx.poll() is None)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; nginx said:\n{self.nginx_error_log()}") from None

    # ---- requests --------------------------------------------------------------------

    @property
    def url(self):
        """nginx's plain-HTTP address, as a browser reaches the site."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def public_url(self):
        """orggate's ORGGATE_PUBLIC_URL: the https address of a TLS stack, else the plain one."""
        return f"https://127.0.0.1:{self.tls_port}" if self.tls else self.url

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

    def plant_session(self, user=None, values=None, created_at=None, last_seen_at=None,
                      session_id=None):
        """Writes a session file the way orggate stores it; returns the cookie value."""
        now = int(time.time())
        session_id = session_id or new_session_id()
        record = {
            "version": 1,
            "created_at": now if created_at is None else created_at,
            "last_seen_at": now if last_seen_at is None else last_seen_at,
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
        """Every file under the session folder (temp files included), as relative paths; not
        users/.complete, which the first sweep leaves at a moment of its own."""
        if not self.session_dir.exists():
            return set()
        return {path.relative_to(self.session_dir) for path in self.session_dir.rglob("*")
                if not path.is_dir() and path.relative_to(self.session_dir) != INDEX_COMPLETE}

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
