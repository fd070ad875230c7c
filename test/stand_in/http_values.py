"""Requests and responses as plain values, and the responses every part builds."""

import dataclasses
import html
import json
from urllib.parse import parse_qs

from .github_answers import DOCS


@dataclasses.dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict
    headers: dict  # lower-case name -> value
    body: bytes
    client: str

    def header(self, name):
        return self.headers.get(name.lower(), "")

    def fields(self):
        """Query parameters overlaid with the body's, form-encoded or JSON (GitHub accepts both)."""
        merged = dict(self.query)
        merged.update(self.body_fields())
        return merged

    def body_fields(self):
        # GitHub's API reads a JSON body whatever Content-Type says (curl -d sends a form type).
        if "json" in self.header("content-type") or self.body.lstrip().startswith(b"{"):
            try:
                data = json.loads(self.body or b"{}")
            except ValueError:
                return {}
            return {str(key): str(value) for key, value in data.items()} if isinstance(data, dict) else {}
        return first_values(self.body.decode("utf-8", errors="replace"))

    def json_object(self):
        """The body as a JSON object, for the test hooks; ValueError says what is wrong with it."""
        try:
            data = json.loads(self.body or b"{}")
        except ValueError:
            raise ValueError("send a JSON object") from None
        if not isinstance(data, dict):
            raise ValueError("send a JSON object")
        return data

    def authorization(self):
        """(scheme in lower case, credentials), or None when no Authorization header came."""
        value = self.header("authorization").strip()
        if not value:
            return None
        scheme, _, credentials = value.partition(" ")
        return scheme.lower(), credentials.strip()


def first_values(query):
    return {name: values[0] for name, values in parse_qs(query, keep_blank_values=True).items()}


@dataclasses.dataclass
class Response:
    status: int
    headers: list
    body: bytes = b""


DROP = Response(0, [])  # close the connection without answering


def json_response(status, data, headers=(), compact=False):
    # The REST API pretty-prints; the OAuth token endpoint answers on one line.
    body = json.dumps(data, separators=(",", ":")) if compact else json.dumps(data, indent=2) + "\n"
    return Response(status, [("Content-Type", "application/json; charset=utf-8"), *headers], body.encode())


def html_response(status, page):
    return Response(status, [("Content-Type", "text/html; charset=utf-8")], page.encode())


def redirect(location):
    return Response(302, [("Location", location), ("Content-Type", "text/html; charset=utf-8")],
                    f'<html><body>You are being <a href="{html.escape(location)}">redirected</a>.</body></html>'
                    .encode())


def api_error(status, message, documentation_url=DOCS + "/rest", headers=()):
    return json_response(status, {"message": message, "documentation_url": documentation_url,
                                  "status": str(status)}, headers)
