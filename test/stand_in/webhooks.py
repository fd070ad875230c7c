"""The org's webhooks and every delivery made to them, and how GitHub encodes and signs a delivery."""

import dataclasses
import hashlib
import hmac
import json
import time
import uuid
from typing import Optional
from urllib.parse import urlencode

MAX_KEPT_DELIVERIES = 1000  # a long demo must not grow the list without bound
HOOKSHOT_AGENT = "GitHub-Hookshot/5d4a1c2"  # GitHub documents only the prefix
CONTENT_TYPES = {"json": "application/json", "form": "application/x-www-form-urlencoded"}
# What a hook gets when the test names no events: the two that end a member's access.
DEFAULT_EVENTS = ("organization", "membership")


def iso_time(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


@dataclasses.dataclass(frozen=True)
class Webhook:
    id: int
    url: str
    secret: Optional[str]
    content_type: str  # "json" or "form", as GitHub's config.content_type
    events: tuple
    created_at: str

    def wants(self, event):
        return event == "ping" or "*" in self.events or event in self.events

    def spec(self):
        """What GitHub shows of a hook: never the secret itself."""
        config = {"content_type": self.content_type, "insecure_ssl": "0", "url": self.url}
        if self.secret:
            config["secret"] = "********"
        return {"type": "Organization", "id": self.id, "name": "web", "active": True,
                "events": list(self.events), "config": config, "updated_at": self.created_at,
                "created_at": self.created_at}


@dataclasses.dataclass
class Delivery:
    """One POST to one hook; the outcome fields stay None until it has been made."""
    id: int
    guid: str
    hook_id: int
    url: str
    event: str
    action: Optional[str]
    redelivery: bool
    headers: list  # (name, value) as sent
    body: bytes
    delivered_at: str
    duration: Optional[float] = None
    status_code: Optional[int] = None  # the receiver's status; None when it never answered
    status: str = "pending"  # GitHub's words: "OK", "Invalid HTTP Response: 401", "timed out", ...

    def spec(self):
        return {"id": self.id, "guid": self.guid, "hook_id": self.hook_id, "url": self.url,
                "event": self.event, "action": self.action, "redelivery": self.redelivery,
                "delivered_at": self.delivered_at, "duration": self.duration,
                "status_code": self.status_code, "status": self.status, "done": self.status != "pending",
                "request": {"headers": dict(self.headers), "body": self.body.decode("utf-8", "replace")}}


def encode_body(content_type, payload):
    """Compact JSON, or GitHub's form encoding: the JSON in a `payload` field."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    if content_type == "form":
        return urlencode({"payload": text}).encode()
    return text.encode()


def signature_headers(body, secret):
    """X-Hub-Signature-256 and the legacy SHA-1 X-Hub-Signature: HMAC hex digests of the exact body."""
    if secret is None:
        return []
    key = secret.encode()
    return [("X-Hub-Signature", "sha1=" + hmac.new(key, body, hashlib.sha1).hexdigest()),
            ("X-Hub-Signature-256", "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest())]


def delivery_headers(hook, org_id, event, guid, body, secret):
    return [("Accept", "*/*"), ("Content-Type", CONTENT_TYPES[hook.content_type]),
            ("User-Agent", HOOKSHOT_AGENT), ("X-GitHub-Delivery", guid), ("X-GitHub-Event", event),
            ("X-GitHub-Hook-ID", str(hook.id)), ("X-GitHub-Hook-Installation-Target-ID", str(org_id)),
            ("X-GitHub-Hook-Installation-Target-Type", "organization"), *signature_headers(body, secret)]


def new_guid():
    return str(uuid.uuid4())


class Webhooks:
    """The registered hooks and the deliveries made; guarded by the state's lock."""

    def __init__(self, lock, wall_clock):
        self._lock, self._wall_clock = lock, wall_clock
        self._hooks, self._deliveries = [], []
        self._next_hook_id, self._next_delivery_id = 1, 1

    def add_hook(self, url, secret, content_type, events):
        with self._lock:
            hook = Webhook(self._next_hook_id, url, secret, content_type, tuple(events),
                           iso_time(self._wall_clock()))
            self._next_hook_id += 1
            self._hooks.append(hook)
        return hook

    def hooks(self):
        with self._lock:
            return list(self._hooks)

    def clear(self):
        with self._lock:
            self._hooks.clear()
            self._deliveries.clear()

    def record(self, hook, event, action, guid, headers, body, redelivery=False):
        """A new delivery, pending until finish()."""
        with self._lock:
            delivery = Delivery(self._next_delivery_id, guid, hook.id, hook.url, event, action, redelivery,
                                headers, body, iso_time(self._wall_clock()))
            self._next_delivery_id += 1
            self._deliveries.append(delivery)
            del self._deliveries[:-MAX_KEPT_DELIVERIES]
        return delivery

    def finish(self, delivery, status_code, status, duration):
        with self._lock:
            delivery.status_code, delivery.status, delivery.duration = status_code, status, round(duration, 3)

    def deliveries(self):
        with self._lock:
            return [delivery.spec() for delivery in self._deliveries]

    def find(self, delivery_id):
        """The delivery with this id, or None. Not by GUID: every hook's delivery of one event
        shares its GUID, and GitHub redelivers one delivery, to its own hook."""
        with self._lock:
            return next((delivery for delivery in self._deliveries if delivery.id == delivery_id), None)

    def hook(self, hook_id):
        with self._lock:
            return next((hook for hook in self._hooks if hook.id == hook_id), None)
