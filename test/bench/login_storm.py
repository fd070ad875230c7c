"""Many full logins at once (/login, the stand-in's Authorize, the callback), counted, for make bench."""

import collections
import http.client
import os
import threading
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

NEXT = "/page1"  # where a login that succeeded is sent; a refused one goes to /


class Origin:
    """One keep-alive connection to one origin, reopened when the server closes it."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.connection = None

    def request(self, method, target, headers, body=None):
        """(status, headers as (name, value) pairs); the body is read and dropped."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            self.connection.request(method, target, body=body, headers=headers)
            answer = self.connection.getresponse()
            answer.read()
            return answer.status, answer.getheaders()
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Visitor:
    """One browser doing one login after another, each with an empty cookie jar, over its own
    keep-alive connections to nginx and to the stand-in."""

    def __init__(self, site_url, github_url, user):
        self.site, self.github, self.user = Origin(site_url), Origin(github_url), user
        self.authorize_path = urlsplit(github_url).path.rstrip("/") + "/login/oauth/authorize"

    def login(self):
        """One whole login; returns "ok", "busy" (orggate's 503) or what went wrong."""
        jar = {}
        status, headers = self.site.request("GET", f"/login?next={NEXT}", self._cookies(jar))
        keep_cookies(jar, headers)
        authorize = header(headers, "Location")
        if status != 302 or "/login/oauth/authorize?" not in authorize:
            return f"/login answered {status}"
        # The Authorize button: the authorize page's form posts its query back, plus the choice.
        fields = dict(parse_qsl(urlsplit(authorize).query), user=self.user, action="authorize")
        status, headers = self.github.request("POST", self.authorize_path,
                                              {"Content-Type": "application/x-www-form-urlencoded"},
                                              urlencode(fields))
        callback = urlsplit(header(headers, "Location"))
        if status != 302 or not callback.query:
            return f"authorize answered {status}"
        status, headers = self.site.request("GET", f"{callback.path}?{callback.query}", self._cookies(jar))
        if status == 503:
            return "busy"
        if status == 302 and header(headers, "Location") == NEXT:
            return "ok"
        return f"callback answered {status} to {header(headers, 'Location')}"

    @staticmethod
    def _cookies(jar):
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in jar.items())} if jar else {}

    def close(self):
        self.site.close()
        self.github.close()


def header(headers, name):
    return next((value for key, value in headers if key.lower() == name.lower()), "")


def keep_cookies(jar, headers):
    """Every cookie the site sets, whatever its Path: each login here goes to /login and back."""
    for key, line in headers:
        if key.lower() != "set-cookie":
            continue
        first, *attributes = [part.strip() for part in line.split(";")]
        name, _, value = first.partition("=")
        if any(attribute.lower() == "max-age=0" for attribute in attributes):
            jar.pop(name, None)
        else:
            jar[name] = value


class LoginStorm:
    """`concurrency` visitors logging in back to back for `seconds`; outcomes counted, and the
    CPU this (client) process used meanwhile."""

    def __init__(self, site_url, github_url, concurrency, user="mona"):
        self.visitors = [Visitor(site_url, github_url, user) for _ in range(concurrency)]

    def run(self, seconds):
        outcomes, lock = collections.Counter(), threading.Lock()
        stop_at = time.monotonic() + seconds

        def visit(visitor):
            mine = collections.Counter()
            while time.monotonic() < stop_at:
                try:
                    mine[visitor.login()] += 1
                except (OSError, http.client.HTTPException) as error:
                    mine[type(error).__name__] += 1
            with lock:
                outcomes.update(mine)

        before, started = os.times(), time.monotonic()
        threads = [threading.Thread(target=visit, args=(visitor,)) for visitor in self.visitors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed, after = time.monotonic() - started, os.times()
        client_cpu = (after.user - before.user) + (after.system - before.system)
        return StormResult(outcomes, elapsed, client_cpu)

    def close(self):
        for visitor in self.visitors:
            visitor.close()


StormResult = collections.namedtuple("StormResult", "outcomes elapsed client_cpu")
