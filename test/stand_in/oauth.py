"""The OAuth web flow: the authorize page and the user's decision, then the code exchange."""

import base64
import hashlib
import hmac
import re
from urllib.parse import urlencode

from .github_answers import AUTHORIZE_ERRORS, TOKEN_ERRORS
from .http_values import Response, html_response, json_response, redirect
from .pages import authorize_page, message_page, not_found_page, split_scopes
from .redirect_uris import redirect_uri_allowed, with_query
from .users import USERS_BY_LOGIN

# ---- web flow: authorize --------------------------------------------------------------


def show_authorize(stand_in, request, params):
    redirect_uri, refusal = check_authorization_request(stand_in.config, request.query)
    if refusal:
        return refusal
    return html_response(200, authorize_page(stand_in.config, request.query, redirect_uri))


def decide_authorize(stand_in, request, params):
    fields = request.fields()
    redirect_uri, refusal = check_authorization_request(stand_in.config, fields)
    if refusal:
        return refusal
    state = fields.get("state")
    if fields.get("action") != "authorize":
        return redirect(authorize_error(redirect_uri, "access_denied", state))
    user = USERS_BY_LOGIN.get(fields.get("user", ""))
    if user is None:
        return message_page(422, "Pick an account", "Choose one of the accounts to authorize with.")
    code = stand_in.state.issue_code(user, redirect_uri, fields.get("scope", ""), fields.get("code_challenge"))
    return redirect(with_query(redirect_uri, [("code", code), ("state", state)]))


def check_authorization_request(config, fields):
    """(redirect_uri, None) when the request may proceed, else (None, GitHub's answer)."""
    if not hmac.compare_digest(fields.get("client_id", ""), config.client_id):
        return None, not_found_page()
    redirect_uri = fields.get("redirect_uri") or config.callback
    if not redirect_uri_allowed(config.callback, redirect_uri):
        # GitHub then sends the browser to the registered callback, not the one asked for.
        return None, redirect(authorize_error(config.callback, "redirect_uri_mismatch", fields.get("state")))
    problem = pkce_problem(fields)
    if problem:
        pairs = [("error", "invalid_request"), ("error_description", problem), ("state", fields.get("state"))]
        return None, redirect(with_query(redirect_uri, pairs))
    return redirect_uri, None


def pkce_problem(fields):
    """GitHub accepts only S256 challenges (a 43-character SHA-256); RFC 7636 4.4.1 says an
    authorization server answers a method it does not support with invalid_request."""
    challenge, method = fields.get("code_challenge"), fields.get("code_challenge_method")
    if not challenge and not method:
        return None
    if method != "S256":
        return f"Unsupported code_challenge_method {method or '(none)'!r}: only S256 is supported."
    if not re.fullmatch(r"[A-Za-z0-9_-]{43}", challenge or ""):
        return "code_challenge must be a 43-character base64url SHA-256 hash."
    return None


def authorize_error(redirect_uri, error, state):
    description, uri = AUTHORIZE_ERRORS[error]
    pairs = [("error", error), ("error_description", description), ("error_uri", uri), ("state", state)]
    return with_query(redirect_uri, pairs)

# ---- web flow: the code exchange ------------------------------------------------------


def exchange_code(stand_in, request, params):
    config, fields = stand_in.config, request.fields()
    as_json = "application/json" in request.header("accept")
    if not (hmac.compare_digest(fields.get("client_id", ""), config.client_id)
            and hmac.compare_digest(fields.get("client_secret", ""), config.client_secret)):
        return token_answer(as_json, error_fields("incorrect_client_credentials"))
    grant = stand_in.state.redeem_code(fields.get("code", ""))  # spent from here on
    if grant is None:
        return token_answer(as_json, error_fields("bad_verification_code"))
    if fields.get("redirect_uri") and fields["redirect_uri"] != grant.redirect_uri:
        return token_answer(as_json, error_fields("redirect_uri_mismatch"))
    if grant.code_challenge and not verifier_matches(fields.get("code_verifier", ""), grant.code_challenge):
        return token_answer(as_json, error_fields("bad_verification_code"))
    scope = ",".join(split_scopes(grant.scope))
    token = stand_in.state.issue_token(grant.user, scope)
    return token_answer(as_json, {"access_token": token, "token_type": "bearer", "scope": scope})


def error_fields(error):
    description, uri = TOKEN_ERRORS[error]
    return {"error": error, "error_description": description, "error_uri": uri}


def verifier_matches(verifier, challenge):
    digest = hashlib.sha256(verifier.encode()).digest()
    return hmac.compare_digest(base64.urlsafe_b64encode(digest).rstrip(b"=").decode(), challenge)


def token_answer(as_json, data):
    """Errors too are HTTP 200; the Accept header picks JSON or a form-encoded body."""
    headers = [("Cache-Control", "no-store")]
    if as_json:
        return json_response(200, data, headers, compact=True)
    return Response(200, [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), *headers],
                    urlencode(data).encode())
