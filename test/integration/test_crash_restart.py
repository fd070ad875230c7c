"""kill -9 loses nothing: under load (pages from 20 logged-in sessions, new logins through the
stand-in) orggate is killed with SIGKILL three times in 10 seconds and started again on the same
socket. Every session stays logged in, every session file parses, and nginx's only 5xx is its
"back in a moment" page, only around a kill.

Both ways orggate gets its socket are tried: held by the test as systemd's orggate.socket holds
it (requests wait in the queue; only those orggate was answering see the page), and orggate's
own (`make run`: nginx answers the page while nobody listens).
"""

import collections
import functools
import http.client
import json
import sys
import threading
import time
import unittest

from held_socket import SocketActivatedStack
from load_threads import LoadThreads
from page import COOKIE_NAME, Response, is_back_in_a_moment, navbar_user
from stack import Stack, make_user

SESSIONS = 20
PAGE_CLIENTS = 4
LOGIN_CLIENTS = 2
KILL_AT = [1.5, 4.5, 7.5]  # seconds into the load: three kills in 10 seconds
LOAD_SECONDS = 10.0
DOWN_FOR = 0.3  # between the kill and the start of the next orggate (systemd: RestartSec)
# How long a client waits after a "back in a moment" page before it tries again (a browser
# would wait Retry-After; the load is in a hurry, but does not spin while orggate is down).
RETRY_AFTER = 0.02
# A "back in a moment" page must come from a kill: between it and the new orggate being up,
# plus this much for answers already on their way.
SLACK = 1.0
PATHS = ["/page1", "/", "/page2"]


class Tally:
    """Every answer nginx gave, by kind, and when the pages and failures came (monotonic)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.kinds = collections.Counter()
        self.statuses = collections.Counter()
        self.back_at = []  # when each "back in a moment" page arrived
        self.problems = []  # (what, when) for anything a user would call broken

    def answer(self, response, logged_in_as=None):
        now = time.monotonic()
        with self.lock:
            self.statuses[response.status] += 1
            if is_back_in_a_moment(response):
                self.kinds["back in a moment"] += 1
                self.back_at.append(now)
            elif response.status >= 500:
                self.kinds["bare 5xx"] += 1
                self.problems.append((f"bare HTTP {response.status}: {response.text[:120]!r}", now))
            elif logged_in_as is not None and not logged_in_as(response):
                self.kinds["logged out"] += 1
                self.problems.append((f"HTTP {response.status} but logged out", now))
            else:
                self.kinds["ok"] += 1

    def failure(self, what):
        with self.lock:
            self.kinds["no answer"] += 1
            self.problems.append((what, time.monotonic()))

    def count(self, kind):
        with self.lock:
            return self.kinds[kind]


def logged_in_as(login):
    """A check that a page is a 200 whose navbar shows `login`."""
    userid = f"Github userid: {login}"
    return lambda page: page.status == 200 and getattr(navbar_user(page), "userid", None) == userid


class CrashLoad(LoadThreads):
    """PAGE_CLIENTS threads cycling through the 20 sessions' pages on keep-alive connections, and
    LOGIN_CLIENTS threads logging in as mona with a fresh browser each time."""

    def __init__(self, stack, cookies):
        self.stack, self.cookies = stack, cookies
        self.tally = Tally()
        self.logins = collections.Counter()  # "done", "interrupted"
        self.logged_in = []  # session ids of the logins that completed
        super().__init__([functools.partial(self._pages, i) for i in range(PAGE_CLIENTS)]
                         + [self._logins] * LOGIN_CLIENTS, join_timeout=60)

    def _pages(self, number):
        connection, turn = None, number
        check = logged_in_as("octocat")
        while not self.stopping.is_set():
            cookie = self.cookies[turn % len(self.cookies)]
            path = PATHS[turn % len(PATHS)]
            turn += PAGE_CLIENTS
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", self.stack.port, timeout=15)
            try:
                connection.request("GET", path, headers={"Cookie": f"{COOKIE_NAME}={cookie}"})
                answer = connection.getresponse()
                page = Response(answer.status, answer.getheaders(), answer.read())
                self.tally.answer(page, check)
                if is_back_in_a_moment(page):
                    time.sleep(RETRY_AFTER)
            except (OSError, http.client.HTTPException) as error:
                self.tally.failure(f"GET {path}: {type(error).__name__}: {error}")
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    def _logins(self):
        check = logged_in_as("mona")
        while not self.stopping.is_set():
            browser = self.stack.browser()
            try:
                final = browser.login_as("mona")
                outcome = "done" if check(final) else "interrupted"
            except AssertionError:
                outcome = "interrupted"  # a step met the "back in a moment" page
            except (OSError, http.client.HTTPException) as error:
                self.tally.failure(f"login: {type(error).__name__}: {error}")
                outcome = "interrupted"
            for response in browser.history:
                if response.url.startswith(self.stack.url + "/"):
                    self.tally.answer(response)
            with self.tally.lock:
                self.logins[outcome] += 1
                if outcome == "done":
                    self.logged_in.append(browser.session_id)
            if outcome == "interrupted":
                time.sleep(RETRY_AFTER)


def crash_under_load(stack):
    """Plants the 20 sessions, runs the load for LOAD_SECONDS and kills orggate at KILL_AT.
    Returns the load, the cookies and the (killed, up again) moments of each kill."""
    now = int(time.time())
    # Last seen over a minute ago: each session's first page rewrites its file (the keep-alive
    # refresh), so files are being written while orggate dies.
    cookies = [stack.plant_session(user=make_user(), last_seen_at=now - 61 - number)
               for number in range(SESSIONS)]
    outages = []
    with CrashLoad(stack, cookies) as load:
        began = time.monotonic()
        for moment in KILL_AT:
            time.sleep(max(0.0, began + moment - time.monotonic()))
            killed = time.monotonic()
            stack.orggate.kill()  # SIGKILL
            stack.orggate.wait()
            stack.orggate = None
            time.sleep(DOWN_FOR)
            stack.start_orggate()
            outages.append((killed, time.monotonic()))
        time.sleep(max(0.0, began + LOAD_SECONDS - time.monotonic()))
    return load, cookies, outages


def session_files(stack, planted):
    """(parsed, unreadable, temp files) under the session folder; a session orggate logged in
    (not one of the `planted` cookies, written by the test) missing from the per-user index
    (DIR/users/<id>/<file name>) counts as unreadable."""
    parsed, unreadable, temp = 0, [], 0
    planted_files = {stack.session_file(cookie).name for cookie in planted}
    index = stack.session_dir / "users"
    for path in stack.session_dir.rglob("*"):
        if path.is_dir() or index in path.parents:
            continue
        if path.name.startswith(".tmp-"):
            temp += 1  # a write the kill interrupted; the sweeper removes it
            continue
        try:
            record = json.loads(path.read_text())
            parsed += 1
        except (ValueError, OSError) as error:
            unreadable.append(f"{path.name}: {error}")
            continue
        if path.name in planted_files:
            continue
        if "user" in record and not (index / str(record["user"]["id"]) / path.name).exists():
            unreadable.append(f"{path.name}: logged in but not in the per-user index")
    return parsed, unreadable, temp


class CrashRestartTest(unittest.TestCase):
    def check_kill_9_loses_nothing(self, stack_class):
        with stack_class(github=True) as stack:
            load, cookies, outages = crash_under_load(stack)
            tally = load.tally

            self.assertEqual(tally.problems[:10], [],
                             f"{len(tally.problems)} broken answers: {dict(tally.kinds)}")
            for moment in tally.back_at:
                self.assertTrue(any(killed <= moment <= up + SLACK for killed, up in outages),
                                f"a 'back in a moment' page {moment:.2f} with orggate up; "
                                f"outages {outages}")
            self.assertGreater(tally.count("ok"), 100, dict(tally.kinds))
            self.assertGreater(load.logins["done"], 3, dict(load.logins))

            # Every one of the 20 sessions, and every login that completed, is still logged in.
            still = sum(1 for cookie in cookies
                        if navbar_user(stack.get("/page1", cookie=cookie)) is not None)
            self.assertEqual(still, SESSIONS)
            lost = [sid for sid in load.logged_in
                    if navbar_user(stack.get("/page1", cookie=sid)) is None]
            self.assertEqual(lost, [], f"{len(lost)} of {len(load.logged_in)} logins lost")
            parsed, unreadable, temp = session_files(stack, cookies)
            self.assertEqual(unreadable, [])
            self.assertGreaterEqual(parsed, SESSIONS)

            sent = sum(tally.statuses.values()) + tally.count("no answer")
            print(f"\n  {stack_class.__name__}: {sent} requests through nginx, by status "
                  f"{dict(sorted(tally.statuses.items()))}, {tally.count('back in a moment')} "
                  f"'back in a moment', {tally.count('bare 5xx')} bare 5xx; logins "
                  f"{dict(load.logins)}; {still}/{SESSIONS} sessions and "
                  f"{len(load.logged_in) - len(lost)}/{len(load.logged_in)} new logins still "
                  f"logged in; {parsed} session files parse, {len(unreadable)} do not, {temp} "
                  f"temp files left by the kills", file=sys.stderr)

    def test_kill_9_with_the_socket_held_as_systemd_holds_it(self):
        self.check_kill_9_loses_nothing(SocketActivatedStack)

    def test_kill_9_with_orggate_owning_its_socket(self):
        self.check_kill_9_loses_nothing(Stack)


if __name__ == "__main__":
    unittest.main()
