"""Integration harness: real orggate behind real nginx on loopback; planted sessions; pages read."""

import atexit
import base64
import hashlib
import html.parser
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

REPO = Path(__file__).resolve().parents[2]
COOKIE_NAME = "orggate_session"
START_TIMEOUT = 10.0

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
    """Valid settings for orggate; GitHub points at a closed loopback port (no login flow yet)."""
    return {
        "GITHUB_CLIENT_ID": "it-client-id",
        "GITHUB_CLIENT_SECRET": "it-client-secret",
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
    """orggate on a unix socket in a temp dir, nginx on free loopback ports in front of it.

    Use as a context manager; stop() is idempotent and also runs at interpreter exit.
    """

    def __init__(self, tls=False, settings=None):
        self.tls = tls
        self.extra_settings = dict(settings or {})
        self.tmp = None
        self.orggate = None
        self.nginx = None

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
            self.settings.update(self.extra_settings)
            self.port = free_port()
            self.tls_port = free_port() if self.tls else None
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
        return [line for line in self.orggate_log().splitlines() if line.startswith("method=")]

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


class Response:
    """Status, the headers exactly as sent (repeats kept), and the body."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", errors="replace")

    def header(self, name):
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def session_cookies(self):
        """orggate's Set-Cookie headers as (value, {attribute-lowercase: value-or-True})."""
        cookies = []
        for line in self.header_values("Set-Cookie"):
            first, *attributes = [part.strip() for part in line.split(";")]
            name, _, value = first.partition("=")
            if name != COOKIE_NAME:
                continue
            parsed = {}
            for attribute in attributes:
                key, has_value, attribute_value = attribute.partition("=")
                parsed[key.strip().lower()] = attribute_value if has_value else True
            cookies.append((value, parsed))
        return cookies

    def find(self, tag, css_class=None):
        """Elements with this tag (and class), in document order."""
        return parse_html(self.text).find(tag, css_class)

    def __repr__(self):
        return f"<Response {self.status} {self.header('Content-Type')} {len(self.body)} bytes>"


class Element:
    def __init__(self, tag, attrs):
        self.tag = tag
        self.attrs = dict(attrs)
        self.children = []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        """The element's text with entities decoded."""
        return "".join(child if isinstance(child, str) else child.text()
                       for child in self.children)

    def find(self, tag, css_class=None):
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and (css_class is None or css_class in child.classes()):
                    found.append(child)
                found.extend(child.find(tag, css_class))
        return found


_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr"}


class _TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.open[-1].children.append(element)
        if tag not in _VOID_TAGS:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse_html(text):
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def has_login_link(response):
    """The logged-out navbar: <a href="/login">Login</a> (other attributes allowed)."""
    return any(link.attrs.get("href") == "/login" and link.text().strip() == "Login"
               for link in response.find("a"))
