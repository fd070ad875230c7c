"""The REST API calls orggate makes (user, membership, token revocation), answered as GitHub does;
the teams list is in teams.py."""

import base64
import dataclasses
import hmac
import secrets
from typing import Optional

from .conditional import conditional
from .github_answers import (ANONYMOUS_RATE_LIMIT, NO_USER_AGENT, OAUTH_RESTRICTED, REST_DOCS, SAML_DOCS,
                             SAML_ENFORCED, TOKEN_RATE_LIMIT)
from .http_values import Response, api_error, json_response
from .state import Token
from .users import ORG_ID, OTHER_ORG_ID, DemoUser


@dataclasses.dataclass(frozen=True)
class Caller:
    """Who is calling the API: sent_credentials is False for an anonymous call; user is the token's
    user as they stand now (membership, teams and org policy change while the stand-in runs)."""
    sent_credentials: bool
    token: Optional[Token]
    user: Optional[DemoUser] = None


def node_id(kind, number):
    """GitHub's legacy global id: user 1 is MDQ6VXNlcjE=, base64 of "04:User1"."""
    return base64.b64encode(f"0{len(kind)}:{kind}{number}".encode()).decode()


def simple_user_json(stand_in, user):
    api, login = stand_in.api_url, user.login
    return {
        "login": login, "id": user.id, "node_id": node_id("User", user.id),
        "avatar_url": f"{stand_in.base_url}/avatars/u/{user.id}?v=4", "gravatar_id": "",
        "url": f"{api}/users/{login}", "html_url": f"{stand_in.base_url}/{login}",
        "followers_url": f"{api}/users/{login}/followers",
        "following_url": f"{api}/users/{login}/following{{/other_user}}",
        "gists_url": f"{api}/users/{login}/gists{{/gist_id}}",
        "starred_url": f"{api}/users/{login}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/users/{login}/subscriptions",
        "organizations_url": f"{api}/users/{login}/orgs", "repos_url": f"{api}/users/{login}/repos",
        "events_url": f"{api}/users/{login}/events{{/privacy}}",
        "received_events_url": f"{api}/users/{login}/received_events",
        "type": "User", "user_view_type": "public", "site_admin": False,
    }


def user_json(stand_in, user):
    return {
        **simple_user_json(stand_in, user),
        "name": user.name, "company": user.company, "blog": user.blog, "location": user.location,
        "email": None, "hireable": None, "bio": user.bio, "twitter_username": None,
        "public_repos": user.public_repos, "public_gists": 1, "followers": user.followers,
        "following": user.following, "created_at": user.created_at, "updated_at": "2024-06-01T12:00:00Z",
    }


def organization_json(stand_in, org=None):
    """The demo organization (the stand-in's --org), or with org=OTHER_ORG the other one."""
    api = stand_in.api_url
    org, org_id, about = ((stand_in.config.org, ORG_ID, "Demo organization") if org is None
                          else (org, OTHER_ORG_ID, "Another organization"))
    return {
        "login": org, "id": org_id, "node_id": node_id("Organization", org_id), "url": f"{api}/orgs/{org}",
        "repos_url": f"{api}/orgs/{org}/repos", "events_url": f"{api}/orgs/{org}/events",
        "hooks_url": f"{api}/orgs/{org}/hooks", "issues_url": f"{api}/orgs/{org}/issues",
        "members_url": f"{api}/orgs/{org}/members{{/member}}",
        "public_members_url": f"{api}/orgs/{org}/public_members{{/member}}",
        "avatar_url": f"{stand_in.base_url}/avatars/u/{org_id}?v=4", "description": about,
    }


def membership_json(stand_in, user):
    api, org = stand_in.api_url, stand_in.config.org
    return {
        "url": f"{api}/orgs/{org}/memberships/{user.login}", "state": user.membership, "role": "member",
        "organization_url": f"{api}/orgs/{org}", "organization": organization_json(stand_in),
        "user": simple_user_json(stand_in, user),
    }


def refuse_caller(caller, documentation_url):
    """401 unless a known token came: GitHub words a missing and a wrong token differently."""
    if caller.token is not None:
        return None
    if caller.sent_credentials:
        return api_error(401, "Bad credentials")
    return api_error(401, "Requires authentication", documentation_url)


def is_our_org(config, org):
    return org.lower() == config.org.lower()  # organization names are not case sensitive


def org_policy_refusal(stand_in, user, documentation_url):
    """The 403s an organization's policies cause for this (demo) user's token, or None."""
    org = stand_in.config.org
    if user.org_policy == "oauth-restricted":
        return api_error(403, OAUTH_RESTRICTED.format(org=org), documentation_url)
    if user.org_policy == "saml":
        sso_url = f"{stand_in.base_url}/orgs/{org}/sso?authorization_request={secrets.token_urlsafe(30)}"
        return api_error(403, SAML_ENFORCED, SAML_DOCS, [("X-GitHub-SSO", f"required; url={sso_url}")])
    return None


def get_authenticated_user(stand_in, request, params, caller):
    refusal = refuse_caller(caller, REST_DOCS["user"])
    if refusal:
        return refusal
    return json_response(200, user_json(stand_in, caller.user))


def get_membership(stand_in, request, params, caller):
    refusal = refuse_caller(caller, REST_DOCS["membership"])
    if refusal:
        return refusal
    user = caller.user
    if not is_our_org(stand_in.config, params["org"]):
        return api_error(404, "Not Found", REST_DOCS["membership"])
    refusal = org_policy_refusal(stand_in, user, REST_DOCS["membership"])
    if refusal:
        return refusal
    if user.membership is None:
        return api_error(404, "Not Found", REST_DOCS["membership"])
    return conditional(request, json_response(200, membership_json(stand_in, user)))


def check_membership(stand_in, request, params, caller):
    """204 member, 404 not; 302 to the public check when the requester is no member (as documented)."""
    if caller.sent_credentials and caller.token is None:
        return api_error(401, "Bad credentials")
    config, requester = stand_in.config, caller.user
    if not is_our_org(config, params["org"]):
        return api_error(404, "Not Found", REST_DOCS["check"])
    refusal = org_policy_refusal(stand_in, requester, REST_DOCS["check"]) if requester else None
    if refusal:
        return refusal
    if requester is None or requester.membership != "active":
        return Response(302, [("Location", f"{stand_in.api_url}/orgs/{config.org}/public_members/"
                                           f"{params['username']}")])
    member = stand_in.state.members.find(params["username"])
    if member is None or member.membership != "active":
        return api_error(404, "User does not exist or is not a member of the organization", REST_DOCS["check"])
    return Response(204, [])


def check_public_membership(stand_in, request, params, caller):
    member = stand_in.state.members.find(params["username"])
    public = member is not None and member.public_member and member.membership == "active"
    if is_our_org(stand_in.config, params["org"]) and public:
        return Response(204, [])
    return api_error(404, "Not Found", REST_DOCS["public"])


def revoke_token(stand_in, request, params, caller):
    """Basic auth with the app's client id and secret; GitHub answers bad app credentials with 404."""
    if not app_credentials_ok(stand_in.config, request, params["client_id"]):
        return api_error(404, "Not Found", REST_DOCS["revoke"])
    token = request.body_fields().get("access_token")
    if not token:
        return api_error(422, "Invalid request.\n\n\"access_token\" wasn't supplied.", REST_DOCS["revoke"])
    if not stand_in.state.revoke_token(token):
        return api_error(404, "Not Found", REST_DOCS["revoke"])
    return Response(204, [])


def app_credentials_ok(config, request, path_client_id):
    authorization = request.authorization()
    if authorization is None or authorization[0] != "basic":
        return False
    try:
        client_id, _, secret = base64.b64decode(authorization[1], validate=True).decode().partition(":")
    except ValueError:
        return False
    return (hmac.compare_digest(path_client_id, config.client_id)
            and hmac.compare_digest(client_id, config.client_id)
            and hmac.compare_digest(secret, config.client_secret))


def identify_caller(stand_in, request):
    authorization = request.authorization()
    if authorization is None:
        return Caller(False, None)
    scheme, credentials = authorization
    token = stand_in.state.find_token(credentials) if scheme in ("bearer", "token") else None
    return Caller(True, token, stand_in.state.members.current(token.user) if token else None)


def call_api(stand_in, route, request, params):
    """What every /api/v3 call goes through: the User-Agent rule, then rate-limit headers. An
    authorized 304 costs nothing, as GitHub documents for conditional requests."""
    if not request.header("user-agent"):
        # GitHub's edge refuses these before the API sees them: plain text, no rate-limit headers.
        return Response(403, [("Content-Type", "text/html")], NO_USER_AGENT.encode())
    caller = identify_caller(stand_in, request)
    if caller.token is not None:
        bucket, limit = caller.token, TOKEN_RATE_LIMIT
    else:
        bucket, limit = ("address", request.client), ANONYMOUS_RATE_LIMIT
    response = route.handler(stand_in, request, params, caller)
    free = response.status == 304 and caller.token is not None
    headers = stand_in.state.spend_request(bucket, limit, count=not free)
    response.headers += headers + [("x-github-media-type", "github.v3; format=json"),
                                   ("x-github-api-version-selected", "2022-11-28"),
                                   ("x-github-request-id", secrets.token_hex(8).upper())]
    if caller.token is not None:
        response.headers.append(("x-oauth-scopes", caller.token.scope.replace(",", ", ")))
    return response
