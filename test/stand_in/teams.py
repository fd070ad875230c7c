"""GET /user/teams: the caller's teams in every organization, as GitHub's "team-full" objects, paginated."""

from .conditional import conditional
from .github_answers import REST_DOCS
from .http_values import json_response
from .pagination import paginate
from .rest_api import node_id, organization_json, refuse_caller
from .users import ORG_ID

TEAM_TIMES = {"created_at": "2017-07-14T16:53:42Z", "updated_at": "2017-08-17T12:37:15Z"}


def team_simple_json(stand_in, team):
    api, org = stand_in.api_url, team.org or stand_in.config.org
    return {
        "id": team.id, "node_id": node_id("Team", team.id), "url": f"{api}/teams/{team.id}",
        "html_url": f"{stand_in.base_url}/orgs/{org}/teams/{team.slug}", "name": team.name,
        "slug": team.slug, "description": team.description, "privacy": team.privacy,
        "notification_setting": "notifications_enabled", "permission": "pull",
        "members_url": f"{api}/teams/{team.id}/members{{/member}}",
        "repositories_url": f"{api}/teams/{team.id}/repos",
    }


def team_organization_json(stand_in, org):
    """GitHub's "team-organization": the organization object with its profile fields."""
    simple = organization_json(stand_in, org)
    return {
        **simple, "name": simple["login"].replace("-", " ").title(), "company": None, "blog": "",
        "location": None, "email": None, "twitter_username": None, "is_verified": False,
        "has_organization_projects": True, "has_repository_projects": True, "public_repos": 3,
        "public_gists": 0, "followers": 0, "following": 0,
        "html_url": f"{stand_in.base_url}/{simple['login']}", "created_at": "2015-03-01T09:00:00Z",
        "updated_at": "2024-06-01T12:00:00Z", "archived_at": None, "type": "Organization",
    }


def team_json(stand_in, team):
    return {
        **team_simple_json(stand_in, team),
        "parent": team_simple_json(stand_in, team.parent) if team.parent else None,
        "members_count": 3, "repos_count": 10, **TEAM_TIMES,
        "organization": team_organization_json(stand_in, team.org),
    }


def visible_teams(user):
    """An org that restricts OAuth apps or enforces SAML does not fail the list: GitHub leaves its
    teams out (saying so for SAML in X-GitHub-SSO). One who is no active member is in none of them."""
    if user.org_policy is None and user.membership == "active":
        return user.teams, []
    kept = tuple(team for team in user.teams if team.org is not None)
    sso = [("X-GitHub-SSO", f"partial-results; organizations={ORG_ID}")] if user.org_policy == "saml" else []
    return kept, sso


def list_user_teams(stand_in, request, params, caller):
    refusal = refuse_caller(caller, REST_DOCS["teams"])
    if refusal:
        return refusal
    teams, headers = visible_teams(caller.user)
    page, link = paginate(teams, stand_in.api_url + "/user/teams", request.query)
    if link:
        headers.append(("Link", link))
    return conditional(request, json_response(200, [team_json(stand_in, team) for team in page], headers))
