"""Who is in the org and its teams right now: the demo users' defaults, changed by the test hooks."""

import dataclasses

from .users import DEMO_USERS, MANY_TEAMS, MONA_TEAMS, USERS_BY_LOGIN

MEMBERSHIP_STATES = ("active", "pending")
ORG_POLICIES = (None, "oauth-restricted", "saml")
# Every team a demo user can be in, by slug (slugs are unique among the demo teams).
TEAMS_BY_SLUG = {team.slug: team for team in MONA_TEAMS + MANY_TEAMS}


@dataclasses.dataclass(frozen=True)
class Change:
    """What a hook changed: the user before and after (DemoUsers), for the webhook it may cause."""
    before: object
    after: object

    @property
    def changed(self):
        return self.before != self.after


class Memberships:
    """Overrides of the demo users' membership, teams and org policy; guarded by the state's lock.
    A changed user is kept as a whole DemoUser, so every reader keeps reading DemoUser fields."""

    def __init__(self, lock):
        self._lock = lock
        self._current = {}  # login -> DemoUser as it stands now, for the changed ones only

    def current(self, user):
        """The user as GitHub would see them now (None stays None)."""
        if user is None:
            return None
        with self._lock:
            return self._current.get(user.login, user)

    def find(self, login):
        return self.current(USERS_BY_LOGIN.get(login))

    def remove_member(self, login):
        """Out of the org; their teams there are kept for a reinstatement, as GitHub keeps them
        for three months, but no longer listed (see teams.visible_teams)."""
        return self._change(login, lambda user: dataclasses.replace(user, membership=None))

    def set_membership(self, login, state):
        if state not in MEMBERSHIP_STATES:
            raise ValueError(f"state must be one of {list(MEMBERSHIP_STATES)}")
        return self._change(login, lambda user: dataclasses.replace(user, membership=state))

    def set_org_policy(self, login, policy):
        if policy not in ORG_POLICIES:
            raise ValueError(f"policy must be one of {list(ORG_POLICIES)}")
        return self._change(login, lambda user: dataclasses.replace(user, org_policy=policy))

    def remove_from_team(self, login, slug):
        team = find_team(slug)
        return team, self._change(login, lambda user: dataclasses.replace(
            user, teams=tuple(kept for kept in user.teams if kept != team)))

    def add_to_team(self, login, slug):
        team = find_team(slug)
        return team, self._change(login, lambda user: dataclasses.replace(
            user, teams=user.teams if team in user.teams else tuple(sorted(user.teams + (team,),
                                                                           key=lambda kept: kept.id))))

    def reset(self):
        with self._lock:
            self._current.clear()

    def standings(self):
        """Every demo user as they stand now, for the GET hook."""
        with self._lock:
            users = [self._current.get(user.login, user) for user in DEMO_USERS]
        return {user.login: {"membership": user.membership, "org_policy": user.org_policy,
                             "teams": [team.slug for team in user.teams]} for user in users}

    def _change(self, login, edit):
        if login not in USERS_BY_LOGIN:
            raise ValueError(f"user must be one of {sorted(USERS_BY_LOGIN)}")
        with self._lock:
            before = self._current.get(login, USERS_BY_LOGIN[login])
            after = edit(before)
            self._current[login] = after
        return Change(before, after)


def find_team(slug):
    team = TEAMS_BY_SLUG.get(slug)
    if team is None:
        raise ValueError(f"no demo team has the slug {slug!r}")
    return team
