"""GitHub's web pages of a demo user: the avatar image and the profile page."""

import html

from .avatars import identicon_png
from .http_values import Response, html_response
from .pages import not_found_page, page
from .users import DEMO_USERS, ORG_ID, OTHER_ORG_ID, USERS_BY_LOGIN


def get_avatar(stand_in, request, params):
    user_id = int(params["user_id"])
    if user_id not in (ORG_ID, OTHER_ORG_ID) and all(user.id != user_id for user in DEMO_USERS):
        return not_found_page()
    try:
        size = min(460, max(16, int(request.query.get("s", "120"))))
    except ValueError:
        size = 120
    return Response(200, [("Content-Type", "image/png"), ("Cache-Control", "max-age=300")],
                    identicon_png(str(user_id), size))


def show_profile(stand_in, request, params):
    user = USERS_BY_LOGIN.get(params["login"])
    if user is None:
        return not_found_page()
    e = html.escape
    return html_response(200, page(f"{user.login} ({user.name or user.login})", f"""
<h1><img src="/avatars/u/{user.id}?s=96&amp;v=4" width="96" height="96" alt=""><br>{e(user.name or user.login)}</h1>
<p class="lede">{e(user.login)}</p>
<p>{e(user.bio or "")}</p>
"""))
