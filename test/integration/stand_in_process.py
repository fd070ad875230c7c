"""scripts/github-stand-in run as a process for a test, and a client for its test hooks."""

import http.client
import json
import os
import signal
import subprocess
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from page import Response
from processes import stop_process, wait_for

STAND_IN_SCRIPT = Path(__file__).resolve().parents[2] / "scripts/github-stand-in"


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
            wait_for("the GitHub stand-in", ready.exists, lambda: self.process.poll() is None)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; it said:\n{self.log()}") from None
        self.url = ready.read_text().strip()

    def stop(self):
        """SIGTERM; the stand-in drops any hung request on its way out."""
        if self.process is not None:
            stop_process(self.process, signal.SIGTERM, timeout=5)
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
        """route: authorize, token, user, membership, teams or revoke; spec: latency, status, body,
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
