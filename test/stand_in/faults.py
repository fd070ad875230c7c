"""Injected faults: what a test may ask for, and the answer a fault gives instead of GitHub's."""

import dataclasses
from http.client import responses as STATUS_PHRASES
from typing import Optional

from .github_answers import UNICORN_PAGE
from .http_values import DROP, Response, api_error, html_response
from .rate_limits import rate_limited


@dataclasses.dataclass
class Fault:
    route: str
    latency: float = 0
    status: Optional[int] = None
    body: Optional[str] = None
    content_type: Optional[str] = None
    hang: bool = False
    times: Optional[int] = None
    rate_limit: Optional[str] = None  # "primary" or "secondary": GitHub's answer over that limit
    retry_after: Optional[int] = 60  # seconds until the reset (primary) or in Retry-After (secondary)

    def spec(self):
        spec = {key: value for key, value in dataclasses.asdict(self).items() if value not in (None, 0, False)}
        if not self.rate_limit:
            spec.pop("retry_after", None)
        return spec


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
              "hang": lambda v: isinstance(v, bool), "times": lambda v: isinstance(v, int) and v > 0,
              "rate_limit": lambda v: v in ("primary", "secondary"),
              "retry_after": lambda v: isinstance(v, int) and 0 <= v <= 86400}
    for name, valid in checks.items():
        if spec.get(name) is not None and not valid(spec[name]):
            raise ValueError(f"{name} has an invalid value: {spec[name]!r}")
    if not any(spec.get(name) for name in ("latency", "status", "body", "hang", "rate_limit")):
        raise ValueError("give at least one of latency, status, body, hang, rate_limit")
    if spec.get("rate_limit") and spec.get("status") not in (None, 403, 429):
        raise ValueError("GitHub answers a rate limit with 403 or 429")
    # retry_after null is kept: a secondary limit without Retry-After, as GitHub sometimes sends it.
    return Fault(**{name: value for name, value in spec.items() if value is not None or name == "retry_after"})


def apply_fault(stand_in, fault, release, request):
    """The fault's answer, DROP for a hang, or None to answer normally (after any latency)."""
    if fault.latency and stand_in.state.stopping.wait(fault.latency):
        return DROP
    if fault.hang:
        release.wait()  # set when the faults are cleared or the stand-in stops
        return DROP
    if fault.rate_limit:
        return rate_limited(stand_in, request, fault.rate_limit, fault.status or 403, fault.retry_after)
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
