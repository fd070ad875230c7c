"""The test hooks for the org's webhooks: register one (GitHub pings it), list the deliveries,
redeliver one, and deliver any event signed with any secret (or none) for forged-delivery tests."""

from urllib.parse import urlsplit

from .hookshot import KEEP_SIGNING, deliver_event, redeliver
from .hooks import refusing_bad_bodies
from .http_values import Response, json_response
from .webhook_events import ping_payload
from .webhooks import CONTENT_TYPES, DEFAULT_EVENTS


def brief(delivery):
    return {"id": delivery.id, "guid": delivery.guid, "hook_id": delivery.hook_id, "event": delivery.event,
            "action": delivery.action, "redelivery": delivery.redelivery}


def hook_settings(fields):
    url = fields.get("url")
    target = urlsplit(url) if isinstance(url, str) else None
    if target is None or target.scheme not in ("http", "https") or not target.hostname:
        raise ValueError("url must be an absolute http(s) URL")
    secret = fields.get("secret")
    if secret is not None and not isinstance(secret, str):
        raise ValueError("secret must be a string (or null: unsigned deliveries)")
    content_type = fields.get("content_type", "json")
    if content_type not in CONTENT_TYPES:
        raise ValueError(f"content_type must be one of {sorted(CONTENT_TYPES)}")
    events = fields.get("events", list(DEFAULT_EVENTS))
    if not isinstance(events, list) or not events or not all(isinstance(event, str) for event in events):
        raise ValueError('events must be a non-empty list of event names ("*": all)')
    return url, secret or None, content_type, events


@refusing_bad_bodies
def add_webhook(stand_in, request, params):
    """{"url", "secret", "content_type": "json"|"form", "events": [...]}; GitHub pings a new hook."""
    hook = stand_in.state.webhooks.add_hook(*hook_settings(request.json_object()))
    ping = deliver_event(stand_in.state, "ping", ping_payload(stand_in, hook), hooks=[hook])
    return json_response(201, {**hook.spec(), "ping": brief(ping[0])})


def list_webhooks(stand_in, request, params):
    return json_response(200, [hook.spec() for hook in stand_in.state.webhooks.hooks()])


def clear_webhooks(stand_in, request, params):
    """Removes every hook and forgets every delivery."""
    stand_in.state.webhooks.clear()
    return Response(204, [])


def list_deliveries(stand_in, request, params):
    return json_response(200, stand_in.state.webhooks.deliveries())


@refusing_bad_bodies
def deliver(stand_in, request, params):
    """{"event", "payload": {...} or "body": "raw text", "secret": S|null, "hook_id": N, "guid": G}:
    without "secret" each hook signs with its own; null sends no signature; every hook (or hook_id)
    gets it, whatever events it subscribed to: this stands for anyone who POSTs to the URL."""
    fields = request.json_object()
    event, secret = fields.get("event"), fields.get("secret", KEEP_SIGNING)
    if not isinstance(event, str) or not event:
        raise ValueError("event must be a non-empty string")
    if secret is not KEEP_SIGNING and secret is not None and not isinstance(secret, str):
        raise ValueError("secret must be a string or null")
    payload, body = fields.get("payload", {}), fields.get("body")
    if not isinstance(payload, dict) or not (body is None or isinstance(body, str)):
        raise ValueError("payload must be a JSON object, body a string")
    hooks = stand_in.state.webhooks.hooks()
    if "hook_id" in fields:
        hooks = [hook for hook in hooks if hook.id == fields["hook_id"]]
    if not hooks:
        return json_response(409, {"message": "no such webhook: register one first"})
    sent = deliver_event(stand_in.state, event, payload, hooks, secret, body.encode() if body is not None else None,
                         fields.get("guid") if isinstance(fields.get("guid"), str) else None)
    return json_response(202, [brief(delivery) for delivery in sent])


@refusing_bad_bodies
def redeliver_hook(stand_in, request, params):
    """{"id"}: that delivery again to its hook, same GUID and body, as GitHub's "Redeliver" button."""
    delivery_id = request.json_object().get("id")
    known = isinstance(delivery_id, int) and not isinstance(delivery_id, bool)
    delivery = redeliver(stand_in.state, delivery_id) if known else None
    if delivery is None:
        return json_response(404, {"message": "no delivery has that id"})
    return json_response(202, brief(delivery))
