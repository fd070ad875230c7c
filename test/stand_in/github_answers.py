"""GitHub's documented answers: error texts, documentation links, the Unicorn! page, rate limits."""

DOCS = "https://docs.github.com"
AUTHORIZE_ERRORS_URI = DOCS + "/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/"
TOKEN_ERRORS_URI = DOCS + "/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/"
# error -> (error_description, error_uri), as "Troubleshooting ... errors" documents them.
AUTHORIZE_ERRORS = {
    "redirect_uri_mismatch": ("The redirect_uri MUST match the registered callback URL for this application.",
                              AUTHORIZE_ERRORS_URI + "#redirect-uri-mismatch"),
    "access_denied": ("The user has denied your application access.", AUTHORIZE_ERRORS_URI + "#access-denied"),
}
TOKEN_ERRORS = {
    "incorrect_client_credentials": ("The client_id and/or client_secret passed are incorrect.",
                                     TOKEN_ERRORS_URI + "#incorrect-client-credentials"),
    "redirect_uri_mismatch": ("The redirect_uri MUST match the registered callback URL for this application.",
                              AUTHORIZE_ERRORS_URI + "#redirect-uri-mismatch2"),
    "bad_verification_code": ("The code passed is incorrect or expired.", TOKEN_ERRORS_URI + "#bad-verification-code"),
}
REST_DOCS = {
    "user": DOCS + "/rest/users/users#get-the-authenticated-user",
    "membership": DOCS + "/rest/orgs/members#get-an-organization-membership-for-the-authenticated-user",
    "check": DOCS + "/rest/orgs/members#check-organization-membership-for-a-user",
    "public": DOCS + "/rest/orgs/members#check-public-organization-membership-for-a-user",
    "revoke": DOCS + "/rest/apps/oauth-applications#delete-an-app-token",
    "teams": DOCS + "/rest/teams/teams#list-teams-for-the-authenticated-user",
}
NO_USER_AGENT = ("Request forbidden by administrative rules. Please make sure your request has a User-Agent "
                 "header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). "
                 "Check https://developer.github.com for other possible causes.\n")
OAUTH_RESTRICTED = ("Although you appear to have the correct authorization credentials, the `{org}` organization "
                    "has enabled OAuth App access restrictions, meaning that data access to third-parties is "
                    "limited. For more information on these restrictions, including how to enable this app, "
                    "visit https://docs.github.com/articles/restricting-access-to-your-organization-s-data/")
SAML_ENFORCED = ("Resource protected by organization SAML enforcement. "
                 "You must grant your OAuth token access to this organization.")
SAML_DOCS = DOCS + "/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/"
UNICORN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Unicorn! &middot; GitHub</title></head>
<body><h1>Unicorn!</h1><p>This page is taking too long to load.</p>
<p>Sorry about that. Please try refreshing and contact us if the problem persists.</p></body></html>
"""
# An OAuth token allows 5,000 requests an hour; no token, 60 (per client address).
TOKEN_RATE_LIMIT, ANONYMOUS_RATE_LIMIT, RATE_WINDOW = 5000, 60, 3600
