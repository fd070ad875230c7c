"""Restarts under load, the way orggate.socket + orggate.service do them: the test plays systemd,
holding the listening socket while orggate is stopped and started again, and no request fails.

Run as a script for the contrast with orggate owning its socket (nginx answers its 503 "back in
a moment" page while it is gone):
ORGGATE_BUILD=build python3 test/integration/test_socket_activation.py --measure
"""

import functools
import http.client
import sys
import threading
import time
import unittest

from held_socket import SocketActivatedStack
from load_threads import LoadThreads
from page import COOKIE_NAME, Response, navbar_user
from stack import Stack, make_user

CLIENTS = 4
RESTARTS = 5
RESTART_INTERVAL = 0.3  # seconds of load between restarts
PATHS = ["/", "/page1", "/page2"]


class Load(LoadThreads):
    """CLIENT threads sending logged-in GETs through nginx on keep-alive connections until
    stopped; every answer is checked: 2xx or 3xx, and still logged in."""

    def __init__(self, stack, cookie, clients=CLIENTS):
        self.stack, self.cookie = stack, cookie
        self.lock = threading.Lock()
        self.requests = 0
        self.failures = []  # (path, what went wrong)
        self.spans = []  # (start, end) of every request, to see which overlapped a restart
        super().__init__([functools.partial(self._client, i) for i in range(clients)],
                         join_timeout=120)

    def _client(self, number):
        connection = None
        turn = number
        while not self.stopping.is_set():
            path = PATHS[turn % len(PATHS)]
            turn += 1
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", self.stack.port, timeout=30)
            started = time.monotonic()
            problem = None
            try:
                connection.request("GET", path, headers={"Cookie": f"{COOKIE_NAME}={self.cookie}"})
                answer = connection.getresponse()
                body = answer.read()
                problem = self._problem(answer, body)
            except (OSError, http.client.HTTPException) as error:
                problem = f"{type(error).__name__}: {error}"
                connection.close()
                connection = None
            with self.lock:
                self.requests += 1
                self.spans.append((started, time.monotonic()))
                if problem:
                    self.failures.append((path, problem))
        if connection is not None:
            connection.close()

    @staticmethod
    def _problem(answer, body):
        if not 200 <= answer.status < 400:
            return f"HTTP {answer.status}"
        page = Response(answer.status, answer.getheaders(), body)
        if navbar_user(page) is None:
            return f"HTTP {answer.status} but logged out"
        return None

    def in_flight_at(self, moment):
        with self.lock:
            return sum(1 for start, end in self.spans if start <= moment <= end)


def restart_under_load(stack, restarts=RESTARTS, interval=RESTART_INTERVAL):
    """Restarts orggate `restarts` times while Load runs. Returns the load, the exit codes, how
    many requests were in flight at the moment each old orggate had exited (none running), and
    how long each restart took (SIGTERM to the new one started)."""
    cookie = stack.plant_session(user=make_user())
    codes, exits, durations = [], [], []
    with Load(stack, cookie) as load:
        for _ in range(restarts):
            time.sleep(interval)
            began = time.monotonic()
            # As systemd restarts a service: SIGTERM, wait for the exit, start again at once.
            codes.append(stack.stop_orggate())
            exits.append(time.monotonic())
            stack.start_orggate()
            durations.append(time.monotonic() - began)
        time.sleep(interval)
    waiting = [load.in_flight_at(moment) for moment in exits]
    return load, codes, waiting, durations, cookie


def summary(load, codes, waiting, durations):
    """One line: what restart_under_load measured."""
    problems = {}
    for _, problem in load.failures:
        problems[problem] = problems.get(problem, 0) + 1
    slowest = max(durations) * 1000 if durations else 0
    return (f"{load.requests} requests, {len(codes)} restarts (slowest {slowest:.0f} ms), "
            f"{len(load.failures)} failed{f' {problems}' if problems else ''}; exit codes {codes}; "
            f"requests waiting while no orggate ran: {waiting}")


class SocketActivationTest(unittest.TestCase):
    def test_restarts_under_load_lose_no_request_and_no_session(self):
        with SocketActivatedStack() as stack:
            load, codes, waiting, durations, cookie = restart_under_load(stack)

            self.assertEqual(load.failures[:10], [], f"{len(load.failures)} of {load.requests} "
                             f"requests failed across {RESTARTS} restarts")
            self.assertEqual(codes, [0] * RESTARTS, "an orggate did not stop cleanly on SIGTERM")
            self.assertGreater(load.requests, 10 * RESTARTS)
            # The load really met every restart: requests were waiting while no orggate ran.
            self.assertTrue(all(count > 0 for count in waiting), waiting)
            # Nobody was logged out: the session is still there and still logged in.
            page = stack.get("/page1", cookie=cookie)
            self.assertEqual(page.status, 200)
            self.assertEqual(navbar_user(page).userid, "Github userid: octocat")
            print(f"\n  {summary(load, codes, waiting, durations)}", file=sys.stderr)

    def test_every_orggate_gets_the_socket_from_fd_3_and_leaves_it_in_place(self):
        with SocketActivatedStack() as stack:
            cookie = stack.plant_session(user=make_user())
            self.assertEqual(stack.get("/page2", cookie=cookie).status, 200)
            self.assertEqual(stack.stop_orggate(), 0)
            # systemd's socket stays where it is; orggate only unlinks sockets it made itself.
            self.assertTrue(stack.socket_path.is_socket())
            stack.start_orggate()
            self.assertEqual(stack.get("/page2", cookie=cookie).status, 200)


def measure():
    """The restart story with and without socket activation, printed one after the other."""
    for name, stack_class in [("socket held by the test (systemd)", SocketActivatedStack),
                              ("socket owned by orggate", Stack)]:
        with stack_class() as stack:
            load, codes, waiting, durations, _ = restart_under_load(stack)
        print(f"{name}: {summary(load, codes, waiting, durations)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        measure()
    else:
        unittest.main()
