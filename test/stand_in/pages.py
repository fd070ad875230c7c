"""The stand-in's HTML pages: GitHub's authorize page, message pages and its 404."""

import html
import re

from .http_values import html_response
from .users import DEMO_USERS, USERS_BY_LOGIN

APP_NAME = "orggate"

PAGE_STYLE = """
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       background: #f6f8fa; color: #1f2328; }
main { max-width: 30rem; margin: 2.5rem auto; padding: 1.5rem 2rem; background: #fff;
       border: 1px solid #d0d7de; border-radius: 6px; }
h1 { font-size: 1.5rem; font-weight: 400; text-align: center; margin: 0 0 .25rem; }
.lede { text-align: center; color: #59636e; margin: 0 0 1.25rem; }
h2 { font-size: 1rem; margin: 1rem 0 .5rem; }
fieldset { border: 1px solid #d0d7de; border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label.account { display: flex; gap: .75rem; align-items: center; padding: .4rem 0; cursor: pointer; }
label.account img { border-radius: 50%; }
.login { color: #59636e; }
.story { display: block; font-size: 12px; color: #59636e; }
.note { background: #ddf4ff; border: 1px solid #54aeff66; border-radius: 6px; padding: .5rem .75rem; }
.buttons { display: flex; gap: .5rem; margin-top: 1rem; }
button { flex: 1; font: inherit; font-weight: 600; padding: .45rem 1rem; border-radius: 6px;
         border: 1px solid #d0d7de; background: #f6f8fa; color: #1f2328; cursor: pointer; }
button.primary { background: #1f883d; border-color: #1a7f37; color: #fff; }
button:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
.fine { font-size: 12px; color: #59636e; text-align: center; word-break: break-all; }
"""

SCOPE_TEXT = {
    "read:org": "Organizations and teams: read-only access",
    "user": "Personal user data: full access",
    "read:user": "Personal user data: profile information (read-only)",
    "user:email": "Personal user data: email addresses (read-only)",
}


def page(title, body):
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{PAGE_STYLE}</style>
</head>
<body>
<main>
{body}
<p class="fine">GitHub stand-in for tests and demos. This is not GitHub.</p>
</main>
</body>
</html>
"""


def authorize_page(config, fields, redirect_uri):
    e = html.escape
    scopes = split_scopes(fields.get("scope", ""))
    scope_items = "".join(f"<li>{e(SCOPE_TEXT.get(scope, scope))}</li>" for scope in scopes) \
        or "<li>Public information only (read-only)</li>"
    carried = ["client_id", "scope", "state", "code_challenge", "code_challenge_method"]
    hidden = "".join(f'<input type="hidden" name="{name}" value="{e(fields[name])}">'
                     for name in carried if name in fields)
    hidden += f'<input type="hidden" name="redirect_uri" value="{e(redirect_uri)}">'
    chosen = fields.get("login") if fields.get("login") in USERS_BY_LOGIN else DEMO_USERS[0].login
    note = '<p class="note">Pick an account</p>' if fields.get("prompt") == "select_account" else ""
    accounts = "".join(account_choice(user, config.org, user.login == chosen) for user in DEMO_USERS)
    return page(f"Authorize {APP_NAME}", f"""
<h1>Authorize {e(APP_NAME)}</h1>
<p class="lede">{e(APP_NAME)} wants to access your GitHub account</p>
<h2>Requested permissions</h2>
<ul>{scope_items}</ul>
<form method="post" action="/login/oauth/authorize">
{hidden}
<fieldset>
<legend>Sign in as</legend>
{note}
{accounts}
</fieldset>
<div class="buttons">
<button type="submit" name="action" value="authorize" class="primary">Authorize {e(APP_NAME)}</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</div>
</form>
<p class="fine">Authorizing will redirect to <strong>{e(redirect_uri)}</strong></p>
""")


def account_choice(user, org, checked):
    e = html.escape
    return f"""<label class="account">
<input type="radio" name="user" value="{e(user.login)}"{" checked" if checked else ""}>
<img src="/avatars/u/{user.id}?s=40&amp;v=4" width="40" height="40" alt="">
<span><strong>{e(user.name or user.login)}</strong> <span class="login">{e(user.login)}</span>
<span class="story">{e(user.story.format(org=org))}</span></span>
</label>
"""


def message_page(status, title, text):
    return html_response(status, page(title, f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(text)}</p>"))


def not_found_page():
    # GitHub answers an unknown OAuth app, or any unknown page, with its 404 page.
    return message_page(404, "Page not found · GitHub", "This is not the web page you are looking for.")


def split_scopes(scope):
    return [part for part in re.split(r"[\s,]+", scope) if part]
