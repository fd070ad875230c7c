"""The stand-in's command line: its help text, and the settings it parses into."""

import argparse
import dataclasses
import os
import re
from typing import Optional
from urllib.parse import urlsplit

USAGE = """\
Serves GitHub's layout for one OAuth app, the way GitHub Enterprise Server does:
the web flow at /login/oauth/..., the REST API at /api/v3/...  Point orggate at it with
GITHUB_URL=http://127.0.0.1:PORT and GITHUB_API_URL=http://127.0.0.1:PORT/api/v3.

Demo users (pick one on the authorize page): mona (member), hubot (not a member),
pending-pat (invitation pending), nameless (member, no name), html-harry (member, HTML in
name), restricted-rita (org restricts OAuth apps: 403), saml-sam (org enforces SAML SSO: 403),
many-teams-max (member, in 150 teams). mona is in the teams core, docs and ops-on-call of the
org, and in security of another org, octo-labs (GET /user/teams lists them all).

Test hooks (JSON; never part of GitHub):
  POST   /_stand-in/faults      {"route": "authorize"|"token"|"user"|"membership"|"teams"|"revoke",
                                 "latency": SECONDS, "status": CODE, "body": "TEXT",
                                 "content_type": "TYPE", "hang": true, "times": N,
                                 "rate_limit": "primary"|"secondary", "retry_after": SECONDS}
         latency delays the answer; status answers that status (5xx: GitHub's "Unicorn!"
         page unless body is given); body alone answers 200 with that (garbage) body; hang
         accepts and never answers (the connection is dropped when faults are cleared or
         the stand-in stops); times limits how many requests it affects (default: until
         cleared). One fault per route; a new one replaces it. rate_limit answers as GitHub
         does over that limit (status 403 unless 429 is given): primary with
         x-ratelimit-remaining 0 and x-ratelimit-reset retry_after (60) seconds ahead, secondary
         with Retry-After: retry_after (none when retry_after is null).
  GET    /_stand-in/faults      the faults in force
  DELETE /_stand-in/faults      clears every fault and releases hung requests
  GET    /_stand-in/requests    what reached the stand-in (hooks excepted): method, path,
                                query and body field names, header names, the Authorization
                                scheme, user-agent, accept, status; never a secret value
  DELETE /_stand-in/requests    forgets them
  POST   /_stand-in/issue-code  {"user": "mona", "redirect_uri": URL, "code_challenge": C,
                                 "code_challenge_method": "S256", "scope": "read:org"}
                                -> {"code": CODE}, as if the user had clicked Authorize

Membership changes (each answers the user as they stand now: login, membership, org_policy,
teams (kept while out of the org, as GitHub keeps them for a reinstatement; /user/teams lists
the org's only for an active member), and "deliveries" [{id, guid, hook_id, event, action}]
the change started):
  GET    /_stand-in/members               {login: {membership, org_policy, teams}} of every demo user
  DELETE /_stand-in/members               every user back to the defaults above; announces nothing
  POST   /_stand-in/members/remove        {"user": "mona"}  out of the org: the membership and the
                                          member check answer 404, /user/teams leaves out the org's
                                          teams; an active member's removal delivers `organization`
                                          `member_removed`
  POST   /_stand-in/members/state         {"user": "mona", "state": "active"|"pending"}; becoming
                                          active delivers `organization` `member_added` (teams kept)
  POST   /_stand-in/members/org-policy    {"user": "mona", "policy": null|"oauth-restricted"|"saml"}
                                          the org's app restrictions or SAML enforcement (403s)
  POST   /_stand-in/members/revoke-tokens {"user": "mona"} -> {"login", "revoked": N}, as the user's
                                          "Revoke" of the app: their tokens answer 401 Bad credentials
  POST   /_stand-in/teams/remove          {"user": "mona", "team": "docs"} (a slug) delivers
                                          `membership` `removed` (scope team) for a team of the org
  POST   /_stand-in/teams/add             {"user": "mona", "team": "docs"}  delivers `membership` `added`
GET /user/memberships/orgs/ORG and GET /user/teams send a weak ETag of their content and answer
If-None-Match with a bodiless 304 that does not count against the rate limit.

Org webhooks (delivered in a thread each, 10 s timeout; one GUID per event):
  POST   /_stand-in/webhooks              {"url": URL, "secret": "S"|null, "content_type": "json"|"form",
                                           "events": ["organization", "membership"] (default; "*": all)}
                                          -> 201 the hook (no secret) and "ping": the ping delivered now
  GET    /_stand-in/webhooks              the hooks;  DELETE: removes them and forgets the deliveries
  GET    /_stand-in/deliveries            every delivery: id, guid, hook_id, url, event, action,
                                          redelivery, delivered_at, duration, status_code, status
                                          ("pending", "OK", "Invalid HTTP Response: 401", "timed out",
                                          "failed to connect: ..."), done, request {headers, body}
  POST   /_stand-in/deliveries            {"event": E, "payload": {...} | "body": "exact text",
                                           "secret": S|null, "hook_id": N, "guid": G}  any event, to
                                          every hook (or hook_id), subscribed or not; no "secret":
                                          each hook's own, null: unsigned -> 202 [deliveries]
  POST   /_stand-in/deliveries/redeliver  {"id": N}  that delivery again to its own hook: the same
                                          body, headers and GUID -> 202
Headers as GitHub sends them: X-GitHub-Event, X-GitHub-Delivery, X-GitHub-Hook-ID,
X-GitHub-Hook-Installation-Target-Type/-ID, X-Hub-Signature-256 (sha256=HMAC hex of the exact
body), X-Hub-Signature (sha1=), User-Agent GitHub-Hookshot/..., Content-Type; the sender of every
event is the org's owner, octo-owner.
"""

# What --help says above the options: the program's purpose (this module's docstring is not that).
DESCRIPTION = "A local GitHub stand-in (OAuth web flow + the REST calls orggate makes) for tests and `make demo`."


@dataclasses.dataclass(frozen=True)
class Config:
    host: str
    port: int
    client_id: str
    client_secret: str
    callback: str
    org: str
    code_ttl: float
    ready_file: Optional[str]


def parse_config(argv):
    parser = argparse.ArgumentParser(prog="github-stand-in", description=DESCRIPTION, epilog=USAGE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--callback", required=True, help="the OAuth app's registered callback URL")
    parser.add_argument("--org", required=True)
    parser.add_argument("--code-ttl", type=float, default=600, help="seconds a code lives (600)")
    parser.add_argument("--ready-file", help="where to write the URL once listening")
    args = parser.parse_args(argv)

    problems = []  # all of them at once, not one per run
    if not 0 <= args.port <= 65535:
        problems.append(f"--port {args.port} is not a port number")
    callback = urlsplit(args.callback)
    if callback.scheme not in ("http", "https") or not callback.hostname:
        problems.append(f"--callback {args.callback!r} is not an absolute http(s) URL")
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", args.org):
        problems.append(f"--org {args.org!r} is not an organization login")
    if args.code_ttl <= 0:
        problems.append("--code-ttl must be positive")
    if args.ready_file and not os.path.isdir(os.path.dirname(os.path.abspath(args.ready_file))):
        problems.append(f"--ready-file {args.ready_file!r} is in a folder that does not exist")
    if problems:
        parser.error("; ".join(problems))
    return Config(args.host, args.port, args.client_id, args.client_secret, args.callback, args.org,
                  args.code_ttl, args.ready_file)
