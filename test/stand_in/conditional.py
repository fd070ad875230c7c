"""Conditional requests: a weak ETag derived from an answer's body, and 304 when If-None-Match matches."""

import hashlib

from .http_values import Response

# What GitHub sends with an authenticated answer that may be cached (and again with its 304).
CACHE_HEADERS = [("Cache-Control", "private, max-age=60, s-maxage=60"),
                 ("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")]


def etag_of(body):
    return f'W/"{hashlib.sha256(body).hexdigest()}"'


def opaque(tag):
    """The tag without its weakness: If-None-Match compares weakly (RFC 9110 13.1.2)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def none_match(if_none_match, etag):
    """True when the If-None-Match header names this ETag (or is *)."""
    if not if_none_match.strip():
        return False
    if if_none_match.strip() == "*":
        return True
    return any(opaque(tag) == opaque(etag) for tag in if_none_match.split(","))


def conditional(request, response):
    """A 200 gets its ETag and cache headers; a matching If-None-Match turns it into a bodiless 304."""
    if response.status != 200:
        return response
    etag = etag_of(response.body)
    headers = [("ETag", etag), *CACHE_HEADERS]
    if none_match(request.header("if-none-match"), etag):
        return Response(304, headers)
    response.headers += headers
    return response
