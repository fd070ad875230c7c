"""The test hooks that change who is in the org and its teams, and revoke a user's tokens; each
change GitHub would announce is delivered to the org's webhooks."""

from .hookshot import deliver_event
from .hooks import refusing_bad_bodies
from .http_values import Response, json_response
from .webhook_events import organization_payload, team_membership_payload


def text_field(fields, name):
    value = fields.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string")
    return value


def standing(user, deliveries=()):
    """The user as they stand now, and the deliveries the change started."""
    return json_response(200, {
        "login": user.login, "membership": user.membership, "org_policy": user.org_policy,
        "teams": [team.slug for team in user.teams],
        "deliveries": [{"id": delivery.id, "guid": delivery.guid, "hook_id": delivery.hook_id,
                        "event": delivery.event, "action": delivery.action} for delivery in deliveries]})


def list_members(stand_in, request, params):
    return json_response(200, stand_in.state.members.standings())


def reset_members(stand_in, request, params):
    """Back to every demo user's defaults; announces nothing."""
    stand_in.state.members.reset()
    return Response(204, [])


@refusing_bad_bodies
def remove_member(stand_in, request, params):
    """As an owner's "Remove from organization": the membership answers 404 from now on."""
    change = stand_in.state.members.remove_member(text_field(request.json_object(), "user"))
    sent = []
    if change.before.membership == "active":
        payload = organization_payload(stand_in, "member_removed", change.after, "active")
        sent = deliver_event(stand_in.state, "organization", payload)
    return standing(change.after, sent)


@refusing_bad_bodies
def set_membership(stand_in, request, params):
    """{"user", "state": "active"|"pending"}; becoming active is announced as member_added."""
    fields = request.json_object()
    change = stand_in.state.members.set_membership(text_field(fields, "user"), fields.get("state"))
    sent = []
    if change.before.membership != "active" and change.after.membership == "active":
        payload = organization_payload(stand_in, "member_added", change.after, "active")
        sent = deliver_event(stand_in.state, "organization", payload)
    return standing(change.after, sent)


@refusing_bad_bodies
def set_org_policy(stand_in, request, params):
    """{"user", "policy": null|"oauth-restricted"|"saml"}: the 403s the org's policies cause."""
    fields = request.json_object()
    if "policy" not in fields:
        raise ValueError("policy is required (null lifts it)")
    change = stand_in.state.members.set_org_policy(text_field(fields, "user"), fields["policy"])
    return standing(change.after)


@refusing_bad_bodies
def remove_from_team(stand_in, request, params):
    return change_team(stand_in, request, stand_in.state.members.remove_from_team, "removed")


@refusing_bad_bodies
def add_to_team(stand_in, request, params):
    return change_team(stand_in, request, stand_in.state.members.add_to_team, "added")


def change_team(stand_in, request, edit, action):
    """A team of the org announces the change as a `membership` event; another org's team does not
    (the hooks are the stand-in's org's)."""
    fields = request.json_object()
    team, change = edit(text_field(fields, "user"), text_field(fields, "team"))
    sent = []
    if change.changed and team.org is None:
        payload = team_membership_payload(stand_in, action, change.after, team)
        sent = deliver_event(stand_in.state, "membership", payload)
    return standing(change.after, sent)


@refusing_bad_bodies
def revoke_tokens(stand_in, request, params):
    """As the user's "Revoke" of the app: every token of theirs answers 401 Bad credentials."""
    login = text_field(request.json_object(), "user")
    if stand_in.state.members.find(login) is None:
        raise ValueError(f"no demo user is called {login!r}")
    return json_response(200, {"login": login, "revoked": stand_in.state.revoke_tokens_of(login)})
