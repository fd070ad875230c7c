"""The test hooks under /_stand-in/ (faults, the request log, issue-code), what the log keeps, and
how every hook refuses a bad body (membership_hooks.py and webhook_hooks.py hold the others)."""

import functools
import json

from .faults import parse_fault
from .http_values import Response, json_response
from .oauth import pkce_problem
from .redirect_uris import redirect_uri_allowed
from .users import USERS_BY_LOGIN


def refusing_bad_bodies(hook):
    """A hook's ValueError is the test's mistake: 400 with what was wrong."""
    @functools.wraps(hook)
    def answer(stand_in, request, params):
        try:
            return hook(stand_in, request, params)
        except ValueError as error:
            return json_response(400, {"message": str(error)})
    return answer


def add_fault(stand_in, request, params):
    try:
        spec = json.loads(request.body or b"null")
        fault = parse_fault(spec)
    except ValueError as error:
        return json_response(400, {"message": str(error)})
    stand_in.state.set_fault(fault)
    return json_response(201, fault.spec())


def list_faults(stand_in, request, params):
    return json_response(200, stand_in.state.faults())


def clear_faults(stand_in, request, params):
    stand_in.state.clear_faults()
    return Response(204, [])


def list_requests(stand_in, request, params):
    return json_response(200, stand_in.state.requests())


def clear_requests(stand_in, request, params):
    stand_in.state.clear_requests()
    return Response(204, [])


def issue_code_hook(stand_in, request, params):
    fields = request.body_fields()
    user = USERS_BY_LOGIN.get(fields.get("user", ""))
    if user is None:
        return json_response(400, {"message": f"user must be one of {sorted(USERS_BY_LOGIN)}"})
    redirect_uri = fields.get("redirect_uri") or stand_in.config.callback
    if not redirect_uri_allowed(stand_in.config.callback, redirect_uri):
        return json_response(400, {"message": "redirect_uri does not match the registered callback"})
    problem = pkce_problem(fields)
    if problem:
        return json_response(400, {"message": problem})
    code = stand_in.state.issue_code(user, redirect_uri, fields.get("scope", "read:org"),
                                     fields.get("code_challenge"))
    return json_response(201, {"code": code, "redirect_uri": redirect_uri})


def record(request, route):
    """What a test may learn of a request: names and schemes, never a secret value."""
    authorization = request.authorization()
    body_fields = request.body_fields() if request.body else {}
    return {
        "method": request.method, "path": request.path, "route": route.fault if route else None,
        "query": sorted(request.query), "body_fields": sorted(body_fields),
        "headers": sorted(request.headers),
        "authorization": {"present": authorization is not None,
                          "scheme": authorization[0] if authorization else None},
        "user_agent": request.headers.get("user-agent"), "accept": request.headers.get("accept"),
        "client_secret_in_body": "client_secret" in body_fields, "status": None,
    }
