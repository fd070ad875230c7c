"""What changes while the stand-in runs (codes, tokens, faults, the request log, and the rooms for
memberships and webhooks), and what handlers get."""

import dataclasses
import secrets
import string
import threading
import time
from typing import Optional

from .config import Config
from .github_answers import RATE_WINDOW
from .membership import Memberships
from .users import DemoUser
from .webhooks import Webhooks

MAX_LOGGED_REQUESTS = 1000  # a long demo must not grow the request log without bound


@dataclasses.dataclass
class Grant:
    """What a code stands for until it is exchanged."""
    user: DemoUser
    redirect_uri: str
    scope: str
    code_challenge: Optional[str]
    expires_at: float


@dataclasses.dataclass(eq=False)  # hashed by identity: it keys its own rate-limit bucket
class Token:
    user: DemoUser
    scope: str


class State:
    """Everything that changes while the stand-in runs; one lock guards it all."""

    def __init__(self, code_ttl, clock=time.monotonic, wall_clock=time.time):
        self.code_ttl = code_ttl
        self.clock, self.wall_clock = clock, wall_clock
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._codes, self._tokens, self._faults, self._buckets = {}, {}, {}, {}
        self._requests = []
        self._release = threading.Event()  # set to let hung requests go
        self.members = Memberships(self._lock)
        self.webhooks = Webhooks(self._lock, wall_clock)

    def issue_code(self, user, redirect_uri, scope, code_challenge):
        code = secrets.token_hex(10)  # 20 hex digits, like GitHub's
        now = self.clock()
        with self._lock:
            self._codes = {key: grant for key, grant in self._codes.items() if grant.expires_at > now}
            self._codes[code] = Grant(user, redirect_uri, scope, code_challenge, now + self.code_ttl)
        return code

    def redeem_code(self, code):
        """The code's grant, or None if unknown or expired; either way the code is spent."""
        with self._lock:
            grant = self._codes.pop(code, None)
        if grant is None or self.clock() >= grant.expires_at:
            return None
        return grant

    def issue_token(self, user, scope):
        alphabet = string.ascii_letters + string.digits
        token = "gho_" + "".join(secrets.choice(alphabet) for _ in range(36))
        with self._lock:
            self._tokens[token] = Token(user, scope)
        return token

    def find_token(self, token):
        with self._lock:
            return self._tokens.get(token)

    def revoke_token(self, token):
        with self._lock:
            return self._tokens.pop(token, None) is not None

    def revoke_tokens_of(self, login):
        """What the user's "Revoke" of the app on GitHub does: every token of theirs ends; returns how many."""
        with self._lock:
            ended = [token for token, grant in self._tokens.items() if grant.user.login == login]
            for token in ended:
                del self._tokens[token]
        return len(ended)

    def spend_request(self, bucket, limit, count=True):
        """Counts one request against a bucket (unless count is False); returns GitHub's
        x-ratelimit-* headers. Nothing is refused when it runs out: tests inject 403/429 with a fault instead."""
        now = int(self.wall_clock())
        with self._lock:
            used, reset = self._buckets.get(bucket, (0, now + RATE_WINDOW))
            if now >= reset:
                used, reset = 0, now + RATE_WINDOW
            used += 1 if count else 0
            self._buckets[bucket] = (used, reset)
        return [("x-ratelimit-limit", str(limit)), ("x-ratelimit-remaining", str(max(0, limit - used))),
                ("x-ratelimit-reset", str(reset)), ("x-ratelimit-used", str(used)),
                ("x-ratelimit-resource", "core")]

    def set_fault(self, fault):
        with self._lock:
            self._faults[fault.route] = fault

    def faults(self):
        with self._lock:
            return [fault.spec() for fault in self._faults.values()]

    def take_fault(self, route):
        """The fault for this request, if any (counting it down), and the event that releases a hang."""
        with self._lock:
            fault = self._faults.get(route)
            if fault is not None and fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    del self._faults[route]
            return (dataclasses.replace(fault) if fault else None), self._release

    def clear_faults(self):
        with self._lock:
            self._faults.clear()
            released, self._release = self._release, threading.Event()
        released.set()

    def stop(self):
        self.stopping.set()
        with self._lock:
            self._release.set()

    def record_request(self, entry):
        with self._lock:
            self._requests.append(entry)
            del self._requests[:-MAX_LOGGED_REQUESTS]

    def set_status(self, entry, status):
        with self._lock:
            entry["status"] = status

    def requests(self):
        with self._lock:
            return [dict(entry) for entry in self._requests]

    def clear_requests(self):
        with self._lock:
            self._requests.clear()


@dataclasses.dataclass(frozen=True)
class StandIn:
    """What every handler gets: the settings, the state and the stand-in's own URL."""
    config: Config
    state: State
    base_url: str

    @property
    def api_url(self):
        return self.base_url + "/api/v3"
