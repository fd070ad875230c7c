"""The one route table, and the pipeline every request goes through."""

import dataclasses
import re
from typing import Callable, Optional
from urllib.parse import unquote

from .faults import apply_fault
from .hooks import (add_fault, clear_faults, clear_requests, issue_code_hook, list_faults, list_requests,
                    record)
from .http_values import api_error
from .membership_hooks import (add_to_team, list_members, remove_from_team, remove_member, reset_members,
                               revoke_tokens, set_membership, set_org_policy)
from .oauth import decide_authorize, exchange_code, show_authorize
from .pages import message_page, not_found_page
from .profiles import get_avatar, show_profile
from .rest_api import (call_api, check_membership, check_public_membership, get_authenticated_user,
                       get_membership, revoke_token)
from .teams import list_user_teams
from .webhook_hooks import add_webhook, clear_webhooks, deliver, list_deliveries, list_webhooks, redeliver_hook

HOOKS = "/_stand-in/"


@dataclasses.dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    handler: Callable
    fault: Optional[str] = None  # the fault-injection name that reaches it

    @property
    def is_api(self):
        return self.pattern.startswith("/api/v3/")


NAME = r"[A-Za-z0-9][A-Za-z0-9._-]*"
ROUTES = (
    Route("GET", "/login/oauth/authorize", show_authorize, "authorize"),
    Route("POST", "/login/oauth/authorize", decide_authorize, "authorize"),
    Route("POST", "/login/oauth/access_token", exchange_code, "token"),
    Route("GET", "/api/v3/user", get_authenticated_user, "user"),
    Route("GET", f"/api/v3/user/memberships/orgs/(?P<org>{NAME})", get_membership, "membership"),
    Route("GET", "/api/v3/user/teams", list_user_teams, "teams"),
    Route("GET", f"/api/v3/orgs/(?P<org>{NAME})/members/(?P<username>{NAME})", check_membership, "membership"),
    Route("GET", f"/api/v3/orgs/(?P<org>{NAME})/public_members/(?P<username>{NAME})", check_public_membership),
    Route("DELETE", f"/api/v3/applications/(?P<client_id>{NAME})/token", revoke_token, "revoke"),
    Route("GET", r"/avatars/u/(?P<user_id>\d{1,12})", get_avatar),
    Route("POST", "/_stand-in/faults", add_fault),
    Route("GET", "/_stand-in/faults", list_faults),
    Route("DELETE", "/_stand-in/faults", clear_faults),
    Route("GET", "/_stand-in/requests", list_requests),
    Route("DELETE", "/_stand-in/requests", clear_requests),
    Route("POST", "/_stand-in/issue-code", issue_code_hook),
    Route("GET", "/_stand-in/members", list_members),
    Route("DELETE", "/_stand-in/members", reset_members),
    Route("POST", "/_stand-in/members/remove", remove_member),
    Route("POST", "/_stand-in/members/state", set_membership),
    Route("POST", "/_stand-in/members/org-policy", set_org_policy),
    Route("POST", "/_stand-in/members/revoke-tokens", revoke_tokens),
    Route("POST", "/_stand-in/teams/remove", remove_from_team),
    Route("POST", "/_stand-in/teams/add", add_to_team),
    Route("POST", "/_stand-in/webhooks", add_webhook),
    Route("GET", "/_stand-in/webhooks", list_webhooks),
    Route("DELETE", "/_stand-in/webhooks", clear_webhooks),
    Route("GET", "/_stand-in/deliveries", list_deliveries),
    Route("POST", "/_stand-in/deliveries", deliver),
    Route("POST", "/_stand-in/deliveries/redeliver", redeliver_hook),
    Route("GET", f"/(?P<login>{NAME})", show_profile),
)


def find_route(method, path):
    """(route, path parameters, True), or (None, {}, whether another method serves the path)."""
    path_known = False
    for route in ROUTES:
        match = re.fullmatch(route.pattern, path)
        if match and route.method == method:
            return route, {name: unquote(value) for name, value in match.groupdict().items()}, True
        path_known = path_known or match is not None
    return None, {}, path_known


def unrouted(path, path_known):
    if path.startswith("/api/v3/"):
        return api_error(404, "Not Found")  # GitHub's API says 404 to an unknown method too
    if path_known:
        return message_page(405, "Method not allowed", "This page does not take that method.")
    return not_found_page()


def respond(stand_in, request):
    """The whole pipeline of one request: route, record, fault, handle."""
    route, params, path_known = find_route(request.method, request.path)
    if request.path.startswith(HOOKS):  # the hooks are the tests talking, not GitHub traffic
        return (route.handler(stand_in, request, params) if route else unrouted(request.path, path_known)), None
    entry = record(request, route)
    stand_in.state.record_request(entry)
    if route is None:
        return unrouted(request.path, path_known), entry
    if route.fault:
        fault, release = stand_in.state.take_fault(route.fault)
        injected = apply_fault(stand_in, fault, release, request) if fault else None
        if injected is not None:
            return injected, entry
    if route.is_api:
        return call_api(stand_in, route, request, params), entry
    return route.handler(stand_in, request, params), entry
