"""The demo users, one for each outcome of a sign-in, their teams, and the demo organizations' ids."""

import dataclasses
from typing import Optional

ORG_ID = 9000001
OTHER_ORG, OTHER_ORG_ID = "octo-labs", 9000002  # another organization some demo users are in


@dataclasses.dataclass(frozen=True)
class DemoTeam:
    id: int
    slug: str  # what GitHub derives from the name, and what team rules name
    name: str
    org: Optional[str] = None  # None: the stand-in's --org; else another organization's login
    parent: Optional["DemoTeam"] = None
    description: Optional[str] = None
    privacy: str = "closed"


CORE = DemoTeam(7000001, "core", "Core", description="Keeps the lights on")
# Mona's teams: three of the demo org (one nested in another) and one of another org.
MONA_TEAMS = (CORE, DemoTeam(7000002, "docs", "Docs"),
              DemoTeam(7000003, "ops-on-call", "Ops on call", parent=CORE, privacy="secret"),
              DemoTeam(7000004, "security", "Security", org=OTHER_ORG))
# More teams than one page of 100 holds, so /user/teams paginates.
MANY_TEAMS = tuple(DemoTeam(7100000 + n, f"team-{n:03d}", f"Team {n:03d}") for n in range(1, 151))


@dataclasses.dataclass(frozen=True)
class DemoUser:
    login: str
    id: int
    name: Optional[str]
    story: str  # what the authorize page says this user demonstrates
    membership: Optional[str] = "active"  # "active", "pending" or None (not in the org)
    # Organization policies are per org on GitHub. Here a user stands for one, so one running
    # demo can show every outcome: "oauth-restricted" (the org has not approved this app) or
    # "saml" (the org enforces SAML SSO and this token is not authorized for it).
    org_policy: Optional[str] = None
    public_member: bool = False
    company: Optional[str] = None
    blog: str = ""
    location: Optional[str] = None
    bio: Optional[str] = None
    public_repos: int = 8
    followers: int = 20
    following: int = 3
    created_at: str = "2011-01-25T18:44:36Z"
    teams: tuple = ()  # DemoTeams, as GET /user/teams lists them


DEMO_USERS = (
    DemoUser("mona", 1000001, "Mona Lisa Octocat", "Active member of {org}", public_member=True,
             company="@github", blog="https://github.blog", location="San Francisco",
             bio="There once was...", public_repos=42, followers=4000, teams=MONA_TEAMS),
    DemoUser("hubot", 1000002, "Hubot", "Not a member of {org}", membership=None,
             company="GitHub", location="The cloud", bio="Chat bot.", created_at="2012-03-02T10:00:00Z"),
    DemoUser("pending-pat", 1000003, "Pat Pending", "Invited to {org}, has not accepted yet",
             membership="pending", location="Lisbon"),
    DemoUser("nameless", 1000004, None, "Active member of {org}, no display name", public_repos=0),
    DemoUser("html-harry", 1000005, '<script>alert("harry")</script> Harry & <b>Co</b>',
             "Active member of {org} whose name is HTML", company="<i>Harry & Co</i>",
             bio='<img src=x onerror=alert("bio")>'),
    DemoUser("restricted-rita", 1000006, "Rita Restricted",
             "Member of {org}, which restricts OAuth app access (403)", org_policy="oauth-restricted",
             teams=MONA_TEAMS),
    DemoUser("saml-sam", 1000007, "Sam Saml", "Member of {org}, which enforces SAML SSO (403)",
             org_policy="saml", teams=MONA_TEAMS),
    DemoUser("many-teams-max", 1000008, "Max Many-Teams", "Active member of {org}, in 150 of its teams",
             teams=MANY_TEAMS),
    # For the gate's identity headers: names that must be encoded to travel in a header.
    DemoUser("unicode-uma", 1000009, "Uma Ünïcødé 🦉", "Active member of {org}, non-ASCII name",
             teams=(MONA_TEAMS[1],)),
    DemoUser("crlf-carl", 1000010, "Carl\r\nX-Orggate-User: mona", "Active member of {org}, "
             "a name with CR/LF in it"),
)
USERS_BY_LOGIN = {user.login: user for user in DEMO_USERS}
# Who changes memberships and creates hooks: the `sender` of webhook events. Not one who signs in.
ORG_OWNER = DemoUser("octo-owner", 1000100, "Olive Owner", "Owner of {org}")
