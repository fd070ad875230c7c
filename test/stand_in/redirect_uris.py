"""GitHub's rule for which redirect_uri an OAuth app may ask for, and redirect URLs."""

import ipaddress
from urllib.parse import urlencode, urlsplit, urlunsplit

LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


def redirect_uri_allowed(callback, candidate):
    """GitHub's rule: host (or a sub-domain of it) and port must match the callback's, the
    path must be the callback's path or below it. Loopback callbacks accept any port."""
    try:
        registered, asked = urlsplit(callback), urlsplit(candidate)
        asked_port, registered_port = effective_port(asked), effective_port(registered)
    except ValueError:
        return False
    if asked.scheme.lower() != registered.scheme.lower() or asked.fragment or asked.username:
        return False
    if not host_matches(registered.hostname or "", asked.hostname or ""):
        return False
    if registered.hostname not in LOOPBACK_HOSTS and asked_port != registered_port:
        return False
    return path_within(registered.path or "/", asked.path or "/")


def effective_port(url):
    return url.port or {"http": 80, "https": 443}.get(url.scheme.lower())


def host_matches(registered, asked):
    if asked == registered:
        return True
    try:
        ipaddress.ip_address(registered)
        return False  # an address has no sub-domains
    except ValueError:
        return asked.endswith("." + registered)


def path_within(registered, asked):
    if "/../" in asked + "/" or "/./" in asked + "/":
        return False
    return asked == registered or asked.startswith(registered.rstrip("/") + "/")


def with_query(url, pairs):
    """url with pairs appended to its query, form-encoded like GitHub's redirects (spaces as +)."""
    parts = urlsplit(url)
    extra = urlencode([(name, value) for name, value in pairs if value is not None])
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
