"""Injected faults: what a test may ask for, and the answer a fault gives instead of GitHub's."""

import dataclasses
from http.client import responses as STATUS_PHRASES
from typing import Optional

from .github_answers import UNICORN_PAGE
from .http_values import DROP, Response, api_error, html_response


@dataclasses.dataclass
class Fault:
    route: str
    latency: float = 0
    status: Optional[int] = None
    body: Optional[str] = None
    content_type: Optional[str] = None
    hang: bool = False
    times: Optional[int] = None

    def spec(self):
        return {key: value for key, value in dataclasses.asdict(self).items() if value not in (None, 0, False)}


FAULT_ROUTES = {"authorize", "token", "user", "membership", "teams", "revoke"}


def parse_fault(spec):
    if not isinstance(spec, dict):
        raise ValueError("send a JSON object")
    unknown = set(spec) - {field.name for field in dataclasses.fields(Fault)}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if spec.get("route") not in FAULT_ROUTES:
        raise ValueError(f"route must be one of {sorted(FAULT_ROUTES)}")
    checks = {"latency": lambda v: isinstance(v, (int, float)) and 0 <= v <= 600,
              "status": lambda v: isinstance(v, int) and 200 <= v <= 599,
              "body": lambda v: isinstance(v, str), "content_type": lambda v: isinstance(v, str),
              "hang": lambda v: isinstance(v, bool), "times": lambda v: isinstance(v, int) and v > 0}
    for name, valid in checks.items():
        if spec.get(name) is not None and not valid(spec[name]):
            raise ValueError(f"{name} has an invalid value: {spec[name]!r}")
    if not any(spec.get(name) for name in ("latency", "status", "body", "hang")):
        raise ValueError("give at least one of latency, status, body, hang")
    return Fault(**{name: value for name, value in spec.items() if value is not None})


def apply_fault(stand_in, fault, release):
    """The fault's answer, DROP for a hang, or None to answer normally (after any latency)."""
    if fault.latency and stand_in.state.stopping.wait(fault.latency):
        return DROP
    if fault.hang:
        release.wait()  # set when the faults are cleared or the stand-in stops
        return DROP
    if fault.status is None and fault.body is None:
        return None
    status = fault.status or 200
    if fault.body is None:
        if status >= 500:
            return html_response(status, UNICORN_PAGE)
        return api_error(status, STATUS_PHRASES.get(status, "Error"))
    content_type = fault.content_type or ("text/html; charset=utf-8" if status >= 500
                                          else "application/json; charset=utf-8")
    return Response(status, [("Content-Type", content_type)], fault.body.encode())
