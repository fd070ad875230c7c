"""scripts/github-stand-in run as a process for a test, and a client for its test hooks."""

import http.client
import json
import os
import signal
import subprocess
import time
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
        it forgets its codes, tokens, faults, request log, membership changes and webhooks."""
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
        content_type, hang, times, rate_limit ("primary" or "secondary"), retry_after (seconds, or
        None for a secondary limit without Retry-After); see the stand-in's --help."""
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

    def answered_requests_to(self, route, count, timeout=10):
        """The calls to `route` once at least `count` have come and each has been answered: a
        call is recorded as it arrives and gets its status once the stand-in has answered it,
        and some calls (a logout's revocation) come a moment after the page that caused them."""
        deadline = time.monotonic() + timeout
        while True:
            calls = self.requests_to(route)
            if len(calls) >= count and all(call["status"] is not None for call in calls):
                return calls
            if time.monotonic() >= deadline:
                raise AssertionError(f"{count} answered {route} calls awaited, got: {calls}")
            time.sleep(0.05)

    def clear_requests(self):
        self._hook("DELETE", "requests")

    def reset(self):
        """No faults, an empty request log, every demo user back to their defaults; webhooks stay."""
        self.clear_faults()
        self.clear_requests()
        self.reset_members()

    # ---- membership, teams, org policy and tokens, as an org owner or the user changes them ----
    # Each answers the user as they stand now: login, membership, org_policy, teams (slugs), and
    # the deliveries the change started ([{id, guid, hook_id, event, action}]).

    def members(self):
        """{login: {membership, org_policy, teams}} for every demo user, as they stand now."""
        return self._hook("GET", "members")

    def reset_members(self):
        """Every demo user's membership, teams and org policy back to the defaults; announces nothing."""
        self._hook("DELETE", "members")

    def remove_member(self, login):
        """Out of the org: the membership and the member check answer 404, /user/teams leaves out the
        org's teams; an `organization` `member_removed` event goes to the org's webhooks."""
        return self._hook("POST", "members/remove", {"user": login})

    def set_membership(self, login, state):
        """state "active" (announced as `member_added` when it was not) or "pending"."""
        return self._hook("POST", "members/state", {"user": login, "state": state})

    def set_org_policy(self, login, policy):
        """policy None, "oauth-restricted" or "saml": the 403s the org's policies cause for this user."""
        return self._hook("POST", "members/org-policy", {"user": login, "policy": policy})

    def revoke_tokens(self, login):
        """As the user's "Revoke" of the app: every token of theirs answers 401 Bad credentials.
        Returns how many tokens ended."""
        return self._hook("POST", "members/revoke-tokens", {"user": login})["revoked"]

    def remove_from_team(self, login, slug):
        """A `membership` `removed` event (scope team) goes to the webhooks for a team of the org."""
        return self._hook("POST", "teams/remove", {"user": login, "team": slug})

    def add_to_team(self, login, slug):
        return self._hook("POST", "teams/add", {"user": login, "team": slug})

    # ---- the org's webhooks --------------------------------------------------------------

    def add_webhook(self, url, secret, content_type="json", events=("organization", "membership")):
        """Registers an org webhook and pings it, as GitHub does; returns the hook (id, events,
        config without the secret) and "ping": the ping's delivery."""
        return self._hook("POST", "webhooks", {"url": url, "secret": secret, "content_type": content_type,
                                               "events": list(events)})

    def webhooks(self):
        return self._hook("GET", "webhooks")

    def clear_webhooks(self):
        """Removes every hook and forgets every delivery."""
        self._hook("DELETE", "webhooks")

    def deliveries(self):
        """Every delivery, oldest first: id, guid, hook_id, url, event, action, redelivery,
        delivered_at, duration, status_code (None until answered, or when it never was), status
        ("pending", "OK", "Invalid HTTP Response: 401", "timed out", "failed to connect: ..."),
        done, request {headers, body}."""
        return self._hook("GET", "deliveries")

    def redeliver(self, delivery_id):
        """That delivery once more to its own hook, same GUID, body and signature; returns it (brief)."""
        return self._hook("POST", "deliveries/redeliver", {"id": delivery_id}, expect=(202,))

    def deliver(self, event, payload=None, secret=..., body=None, hook_id=None, guid=None):
        """Any event to every hook (or hook_id), subscribed or not: payload as compact JSON, or body as the
        exact text; signed with secret, unsigned with secret=None, with each hook's own when left out.
        Returns the deliveries started (brief)."""
        spec = {"event": event, "payload": payload or {}}
        for name, value in (("body", body), ("hook_id", hook_id), ("guid", guid)):
            if value is not None:
                spec[name] = value
        if secret is not ...:
            spec["secret"] = secret
        return self._hook("POST", "deliveries", spec, expect=(202,))

    def wait_for_deliveries(self, ids, timeout=15):
        """The deliveries with these ids once each has been answered, timed out or failed."""
        wanted, deadline = set(ids), time.monotonic() + timeout
        while True:
            done = {d["id"]: d for d in self.deliveries() if d["id"] in wanted and d["done"]}
            if len(done) == len(wanted):
                return [done[delivery_id] for delivery_id in ids]
            if time.monotonic() >= deadline:
                raise RuntimeError(f"deliveries {sorted(wanted - set(done))} still pending")
            time.sleep(0.05)

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
