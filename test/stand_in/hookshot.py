"""Making deliveries: one POST per hook, each in a background thread with GitHub's short timeout."""

import http.client
import sys
import threading
import time
from urllib.parse import urlsplit

from .users import ORG_ID
from .webhooks import delivery_headers, encode_body, new_guid

DELIVERY_TIMEOUT = 10  # seconds; GitHub gives up on a receiver that takes longer
KEEP_SIGNING = object()  # deliver(): sign with each hook's own secret


def deliver_event(state, event, payload, hooks=None, secret=KEEP_SIGNING, body=None, guid=None):
    """Delivers one event to every hook that wants it, or to each of `hooks` whatever it wants (a
    forged delivery cares for no subscription); returns the deliveries. One GUID for them all:
    GitHub's X-GitHub-Delivery names the event, not the delivery."""
    guid = guid or new_guid()
    deliveries = []
    for hook in state.webhooks.hooks() if hooks is None else hooks:
        if hooks is None and not hook.wants(event):
            continue
        encoded = body if body is not None else encode_body(hook.content_type, payload)
        signing_secret = hook.secret if secret is KEEP_SIGNING else secret
        headers = delivery_headers(hook, ORG_ID, event, guid, encoded, signing_secret)
        action = payload.get("action") if isinstance(payload, dict) else None
        delivery = state.webhooks.record(hook, event, action, guid, headers, encoded)
        start(state, delivery)
        deliveries.append(delivery)
    return deliveries


def redeliver(state, delivery_id):
    """That delivery again to its own hook, the same body and headers, GUID included, as GitHub's
    "Redeliver" (POST /orgs/ORG/hooks/HOOK/deliveries/ID/attempts) sends it; None if unknown."""
    past = state.webhooks.find(delivery_id)
    hook = state.webhooks.hook(past.hook_id) if past else None
    if hook is None:
        return None
    delivery = state.webhooks.record(hook, past.event, past.action, past.guid, list(past.headers), past.body,
                                     redelivery=True)
    start(state, delivery)
    return delivery


def start(state, delivery):
    threading.Thread(target=send, args=(state, delivery), daemon=True,
                     name=f"delivery-{delivery.id}").start()


def send(state, delivery):
    started = time.monotonic()
    try:
        status_code = post(delivery)
        status = "OK" if 200 <= status_code < 300 else f"Invalid HTTP Response: {status_code}"
    except TimeoutError:
        status_code, status = None, "timed out"
    except (OSError, http.client.HTTPException) as error:
        status_code, status = None, f"failed to connect: {type(error).__name__}"
    elapsed = time.monotonic() - started
    state.webhooks.finish(delivery, status_code, status, elapsed)
    # Scheme, host and path only: a receiver's query might carry a token.
    target = urlsplit(delivery.url)
    print(f"github-stand-in: webhook {delivery.event}{'.' + delivery.action if delivery.action else ''} "
          f"{delivery.guid} -> {target.scheme}://{target.netloc}{target.path} {status} {elapsed * 1000:.0f}ms",
          file=sys.stderr, flush=True)


def post(delivery):
    target = urlsplit(delivery.url)
    kind = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    connection = kind(target.hostname, target.port, timeout=DELIVERY_TIMEOUT)
    try:
        path = target.path or "/"
        connection.request("POST", path + (f"?{target.query}" if target.query else ""), body=delivery.body,
                           headers=dict(delivery.headers))
        response = connection.getresponse()
        response.read(64 * 1024)  # GitHub keeps a little of the answer; enough to let it finish
        return response.status
    finally:
        connection.close()
