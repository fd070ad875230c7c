"""The answers GitHub gives a client over its primary or secondary rate limit (a fault's rate_limit)."""

import secrets
import time

from .github_answers import ANONYMOUS_RATE_LIMIT, DOCS, TOKEN_RATE_LIMIT
from .http_values import api_error

RATE_DOCS = DOCS + "/rest/overview/rate-limits-for-the-rest-api"
SECONDARY = ("You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
             "If you reach out to GitHub Support for help, please include the request ID {request_id}.")
ANONYMOUS_PRIMARY = ("API rate limit exceeded for {client}. (But here's the good news: Authenticated requests "
                     "get a higher rate limit. Check out the documentation for more details.)")


def rate_limited(stand_in, request, kind, status, retry_after):
    """Primary: x-ratelimit-remaining 0 and the reset time; secondary: Retry-After (when not None)."""
    token = token_of(stand_in, request)
    if kind == "secondary":
        headers = [("Retry-After", str(retry_after))] if retry_after is not None else []
        message = SECONDARY.format(request_id=secrets.token_hex(8).upper())
        return api_error(status, message, RATE_DOCS + "#about-secondary-rate-limits", headers)
    limit = TOKEN_RATE_LIMIT if token else ANONYMOUS_RATE_LIMIT
    reset = int(time.time()) + (retry_after or 0)
    headers = [("x-ratelimit-limit", str(limit)), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", str(reset)),
               ("x-ratelimit-used", str(limit)), ("x-ratelimit-resource", "core")]
    message = (f"API rate limit exceeded for user ID {token.user.id}." if token
               else ANONYMOUS_PRIMARY.format(client=request.client))
    return api_error(status, message, RATE_DOCS + "#about-primary-rate-limits", headers)


def token_of(stand_in, request):
    authorization = request.authorization()
    if authorization is None or authorization[0] not in ("bearer", "token"):
        return None
    return stand_in.state.find_token(authorization[1])
