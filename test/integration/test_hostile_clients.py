"""Slow and hostile clients are nginx's to hold, never orggate's: 200 slowloris connections, 50
`POST /logout` announcing 60000 bytes and 50 announcing 8000 bytes, none sending a body, reach
no orggate worker and leave page p99 under 50 ms; nginx drops them after its 10 s timeouts. And
the local nginx takes 300 connections at once (worker_connections).
"""

import http.client
import math
import socket
import sys
import threading
import time
import unittest

from page import COOKIE_NAME, navbar_user
from stack import Stack, make_user

THREADS = 4
SLOWLORIS = 200
OVERSIZED_POSTS = 50  # Content-Length over client_max_body_size: 413 from nginx at once
BODYLESS_POSTS = 50  # Content-Length under it: nginx waits for the body, orggate never hears
PAGE_SAMPLES = 300
P99_LIMIT = 0.050
# nginx's client_header_timeout and client_body_timeout in nginx/orggate.conf.in, plus slack.
NGINX_TIMEOUT = 10.0


def p99(samples):
    ordered = sorted(samples)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


def page_latencies(stack, cookie, count=PAGE_SAMPLES):
    """`count` logged-in GET /page1, one after another, each on a new connection as a new
    visitor's would be; every one must be a 200 for octocat."""
    latencies = []
    for _ in range(count):
        started = time.monotonic()
        page = stack.get("/page1", cookie=cookie)
        latencies.append(time.monotonic() - started)
        if page.status != 200 or navbar_user(page) is None:
            raise AssertionError(f"page answered {page.status}: {page.text[:200]}")
    return latencies


def connect(stack, first_bytes):
    connection = socket.create_connection(("127.0.0.1", stack.port), timeout=10)
    connection.sendall(first_bytes)
    return connection


def post_head(length, cookie):
    return (f"POST /logout HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {COOKIE_NAME}={cookie}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def still_open(connection):
    """True while nginx has neither answered nor closed the connection."""
    connection.setblocking(False)
    try:
        connection.recv(1, socket.MSG_PEEK)  # an answer, or b"" once nginx closed it
        return False
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        connection.setblocking(True)


class Trickle(threading.Thread):
    """Keeps the slowloris connections alive the way the attack does: one more header line
    on each, every second, never the blank line that ends the header."""

    def __init__(self, connections):
        super().__init__(daemon=True)
        self.connections, self.stopping = connections, threading.Event()

    def run(self):
        while not self.stopping.wait(1.0):
            for connection in self.connections:
                try:
                    connection.send(b"X-Slow: 1\r\n")
                except OSError:
                    pass


def parallel_pages(stack, cookie, count=2 * THREADS):
    """`count` logged-in pages at once; returns (statuses, slowest seconds)."""
    results, barrier = [], threading.Barrier(count)

    def one():
        barrier.wait()
        started = time.monotonic()
        page = stack.get("/page1", cookie=cookie)
        results.append((page.status, time.monotonic() - started))

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return [status for status, _ in results], max(seconds for _, seconds in results)


class HostileClientsTest(unittest.TestCase):
    def test_slow_and_bodiless_clients_hold_no_worker_and_pages_keep_their_p99(self):
        with Stack(settings={"ORGGATE_THREADS": str(THREADS)}) as stack:
            cookie = stack.plant_session(user=make_user())
            quiet = page_latencies(stack, cookie)
            seen_before = len(stack.wait_for_request_lines(PAGE_SAMPLES))

            opened = time.monotonic()
            slow = [connect(stack, b"GET /page1 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    for _ in range(SLOWLORIS)]
            oversized = [connect(stack, post_head(60000, cookie)) for _ in range(OVERSIZED_POSTS)]
            bodiless = [connect(stack, post_head(8000, cookie)) for _ in range(BODYLESS_POSTS)]
            trickle = Trickle(slow)
            trickle.start()
            try:
                hostile = page_latencies(stack, cookie)
                statuses, slowest = parallel_pages(stack, cookie)
                measured = time.monotonic() - opened
                open_after = sum(still_open(c) for c in slow + bodiless)
                refusals = [c.recv(4096).split(b"\r\n", 1)[0] for c in oversized]

                # Past nginx's timeouts every slow client has been dropped (408 or closed).
                time.sleep(max(0.0, opened + NGINX_TIMEOUT + 2 - time.monotonic()))
                open_later = sum(still_open(c) for c in slow + bodiless)
            finally:
                trickle.stopping.set()
                for connection in slow + oversized + bodiless:
                    connection.close()

            self.assertLess(p99(hostile), P99_LIMIT, f"page p99 {p99(hostile) * 1000:.1f} ms")
            # Every worker was free: twice as many pages as workers, all at once, all quick.
            self.assertEqual(statuses, [200] * 2 * THREADS)
            self.assertLess(slowest, 1.0)
            # The measurement really ran with every hostile connection open.
            self.assertLess(measured, NGINX_TIMEOUT)
            self.assertEqual(open_after, SLOWLORIS + BODYLESS_POSTS)
            self.assertEqual(set(refusals), {b"HTTP/1.1 413 Request Entity Too Large"})
            self.assertEqual(open_later, 0)
            # orggate saw the pages and nothing else: no /logout, no slowloris GET.
            seen = stack.wait_for_request_lines(seen_before + PAGE_SAMPLES + 2 * THREADS)
            paths = {line.split()[1] for line in seen[seen_before:]}
            self.assertEqual(paths, {"path=/page1"})
            self.assertEqual(len(seen) - seen_before, PAGE_SAMPLES + 2 * THREADS)
            print(f"\n  page p99 over {PAGE_SAMPLES} GETs: {p99(quiet) * 1000:.1f} ms quiet, "
                  f"{p99(hostile) * 1000:.1f} ms with {SLOWLORIS} slowloris + "
                  f"{OVERSIZED_POSTS + BODYLESS_POSTS} bodiless POSTs open (max "
                  f"{max(hostile) * 1000:.1f} ms); {2 * THREADS} parallel pages, slowest "
                  f"{slowest * 1000:.1f} ms", file=sys.stderr)

    def test_local_nginx_takes_300_connections_at_once(self):
        with Stack() as stack:
            request = (b"GET /static/orggate.css HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       b"Connection: close\r\n\r\n")
            # All open before any request is sent: nginx holds 300 connections at the same time.
            connections = [socket.create_connection(("127.0.0.1", stack.port), timeout=10)
                           for _ in range(300)]
            try:
                for connection in connections:
                    connection.sendall(request)
                answers = []
                for connection in connections:
                    data = b""
                    while chunk := connection.recv(65536):
                        data += chunk
                    answers.append(data.split(b"\r\n", 1)[0])
            finally:
                for connection in connections:
                    connection.close()
            self.assertEqual(answers, [b"HTTP/1.1 200 OK"] * 300)
            self.assertNotIn("worker_connections are not enough", stack.nginx_error_log())


if __name__ == "__main__":
    unittest.main()
