"""A tiny cookie-jar HTTP browser that walks the login flow through nginx and the stand-in."""

import http.client
from urllib.parse import urlencode, urljoin, urlsplit

from page import COOKIE_NAME, Response, form_fields, forms_posting_to


class Browser:
    """A tiny browser for the login flow: cookies kept per origin (nginx's and the stand-in's),
    redirects followed only through follow(), every response kept in `history`."""

    REDIRECTS = (301, 302, 303, 307, 308)

    def __init__(self, stack):
        self.stack = stack
        self.jar = {}  # netloc -> {cookie name: value}
        self.history = []

    @property
    def session_id(self):
        """orggate's cookie as this browser holds it now, or None."""
        return self.jar.get(urlsplit(self.stack.url).netloc, {}).get(COOKIE_NAME)

    def set_session_id(self, session_id):
        """Plants orggate's cookie, as an attacker who fixes a victim's session id would."""
        self.jar.setdefault(urlsplit(self.stack.url).netloc, {})[COOKIE_NAME] = session_id

    def request(self, method, url, form=None, timeout=10):
        """One request; `url` is absolute or a path on nginx, sent as given (not re-encoded)."""
        url = urljoin(self.stack.url + "/", url)
        parts = urlsplit(url)
        self._check_origin(parts.netloc, url)
        headers = {}
        cookies = self.jar.get(parts.netloc)
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""),
                                body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.getheaders(), answer.read(), url=url)
        finally:
            connection.close()
        self._keep_cookies(parts.netloc, response)
        self.history.append(response)
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, form, **kwargs):
        return self.request("POST", url, form=form, **kwargs)

    def follow(self, response, limit=10):
        """Follows redirects (as GETs) until a page that is not one; returns that page."""
        for _ in range(limit):
            if response.status not in self.REDIRECTS:
                return response
            response = self.get(urljoin(response.url, response.header("Location")))
        raise AssertionError(f"more than {limit} redirects, the last to {response.url}")

    def open(self, url):
        return self.follow(self.get(url))

    # ---- logging in ----------------------------------------------------------------------

    def start_login(self, query=""):
        """GET /login?QUERY (sent as given), then the stand-in's authorize page it redirects to."""
        redirect = self.get("/login" + (f"?{query}" if query else ""))
        location = redirect.header("Location") or ""
        authorize_url = self.stack.github.url + "/login/oauth/authorize?"
        if redirect.status != 302 or not location.startswith(authorize_url):
            raise AssertionError(f"/login did not send the browser to GitHub: "
                                 f"{redirect.status} {location!r}")
        return self.get(location)

    def authorize(self, authorize_page, user, action="authorize"):
        """Picks `user` on the authorize page and clicks Authorize ("cancel": Cancel); returns the
        stand-in's redirect back to /login/authorized, not yet followed."""
        forms = forms_posting_to(authorize_page, "/login/oauth/authorize")
        if len(forms) != 1:
            raise AssertionError(f"no authorize form: {authorize_page.status} "
                                 f"{authorize_page.text[:300]}")
        fields = dict(form_fields(forms[0]), user=user, action=action)
        return self.post(urljoin(authorize_page.url, forms[0].attrs["action"]), fields)

    def login_as(self, user, next=None, action="authorize"):
        """/login (with ?next= as given) -> authorize page -> Authorize as `user` ->
        /login/authorized -> wherever orggate sends the browser; returns that final page."""
        page = self.start_login("" if next is None else f"next={next}")
        return self.follow(self.authorize(page, user, action))

    # ---- cookies and origins -------------------------------------------------------------

    def _check_origin(self, netloc, url):
        known = {urlsplit(self.stack.url).netloc}
        if self.stack.github is not None:
            known.add(urlsplit(self.stack.github.url).netloc)
        if netloc not in known:
            raise AssertionError(f"the browser was sent off-site, to {url}")

    def _keep_cookies(self, netloc, response):
        cookies = self.jar.setdefault(netloc, {})
        for line in response.header_values("Set-Cookie"):
            first, *attributes = [part.strip() for part in line.split(";")]
            name, _, value = first.partition("=")
            if any(attribute.lower() == "max-age=0" for attribute in attributes):
                cookies.pop(name, None)
            else:
                cookies[name] = value
