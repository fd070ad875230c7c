"""The demo users, one for each outcome of a sign-in, and the demo organization's id."""

import dataclasses
from typing import Optional


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


DEMO_USERS = (
    DemoUser("mona", 1000001, "Mona Lisa Octocat", "Active member of {org}", public_member=True,
             company="@github", blog="https://github.blog", location="San Francisco",
             bio="There once was...", public_repos=42, followers=4000),
    DemoUser("hubot", 1000002, "Hubot", "Not a member of {org}", membership=None,
             company="GitHub", location="The cloud", bio="Chat bot.", created_at="2012-03-02T10:00:00Z"),
    DemoUser("pending-pat", 1000003, "Pat Pending", "Invited to {org}, has not accepted yet",
             membership="pending", location="Lisbon"),
    DemoUser("nameless", 1000004, None, "Active member of {org}, no display name", public_repos=0),
    DemoUser("html-harry", 1000005, '<script>alert("harry")</script> Harry & <b>Co</b>',
             "Active member of {org} whose name is HTML", company="<i>Harry & Co</i>",
             bio='<img src=x onerror=alert("bio")>'),
    DemoUser("restricted-rita", 1000006, "Rita Restricted",
             "Member of {org}, which restricts OAuth app access (403)", org_policy="oauth-restricted"),
    DemoUser("saml-sam", 1000007, "Sam Saml", "Member of {org}, which enforces SAML SSO (403)",
             org_policy="saml"),
)
USERS_BY_LOGIN = {user.login: user for user in DEMO_USERS}
ORG_ID = 9000001
