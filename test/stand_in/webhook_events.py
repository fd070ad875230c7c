"""The payloads of the webhook events the stand-in sends (ping, organization, membership), in GitHub's shape."""

import secrets

from .rest_api import organization_json, simple_user_json
from .teams import team_simple_json
from .users import ORG_OWNER

# A few of the sayings GitHub puts in a ping's "zen".
ZEN = ("Design for failure.", "Keep it logically awesome.", "Anything added dilutes everything else.",
       "Practicality beats purity.", "Responsive is better than fast.", "Mind your words, they are important.")


def ping_payload(stand_in, hook):
    api, org = stand_in.api_url, stand_in.config.org
    hook_url = f"{api}/orgs/{org}/hooks/{hook.id}"
    return {"zen": secrets.choice(ZEN), "hook_id": hook.id,
            "hook": {**hook.spec(), "url": hook_url, "ping_url": f"{hook_url}/pings",
                     "deliveries_url": f"{hook_url}/deliveries"},
            "organization": organization_json(stand_in), "sender": simple_user_json(stand_in, ORG_OWNER)}


def organization_payload(stand_in, action, user, state):
    """member_added or member_removed; `state` is the membership's ("active" as it was)."""
    api, org = stand_in.api_url, stand_in.config.org
    membership = {"url": f"{api}/orgs/{org}/memberships/{user.login}", "state": state, "role": "member",
                  "organization_url": f"{api}/orgs/{org}", "user": simple_user_json(stand_in, user)}
    return {"action": action, "membership": membership, "organization": organization_json(stand_in),
            "sender": simple_user_json(stand_in, ORG_OWNER)}


def team_membership_payload(stand_in, action, user, team):
    """The `membership` event: added to or removed from a team of the org."""
    team_json = {**team_simple_json(stand_in, team),
                 "parent": team_simple_json(stand_in, team.parent) if team.parent else None}
    return {"action": action, "scope": "team", "member": simple_user_json(stand_in, user),
            "sender": simple_user_json(stand_in, ORG_OWNER), "team": team_json,
            "organization": organization_json(stand_in)}
