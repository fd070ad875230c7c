"""Signals and accept errors: SIGUSR1 and SIGHUP leave orggate serving and idle, and running out
of descriptors is logged once and waited out, never a busy loop; pages answer once it clears."""

import os
import resource
import signal
import socket
import sys
import time
import unittest

from page import navbar_user
from process_cpu import share_of_a_core
from stack import Stack, make_user

# Idle, orggate sleeps in poll and sigwait; a spinning worker alone would use a whole core.
IDLE_CPU_LIMIT = 0.10
THREADS = 4


def signal_lines(stack):
    return [line for line in stack.orggate_log().splitlines() if line.startswith("event=signal ")]


def lines_of(stack, event):
    return [line for line in stack.orggate_log().splitlines()
            if line.startswith(f"event={event} ") or line == f"event={event}"]


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def descriptor_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def settled_descriptor_count(pid):
    """The number of descriptors orggate holds once the last request's connection is closed."""
    previous = descriptor_count(pid)
    while True:
        time.sleep(0.2)
        now = descriptor_count(pid)
        if now == previous:
            return now
        previous = now


class SignalTest(unittest.TestCase):
    def assert_pages_answer_logged_in(self, stack, cookie):
        # More requests than workers, so every worker has to be able to accept.
        for path in ["/", "/page1", "/page2"] * THREADS:
            page = stack.get(path, cookie=cookie)
            self.assertEqual(page.status, 200, f"{path}: {page.text[:200]}")
            self.assertEqual(navbar_user(page).userid, "Github userid: octocat")

    def test_usr1_and_hup_are_logged_and_orggate_keeps_serving_idle(self):
        with Stack(settings={"ORGGATE_THREADS": str(THREADS)}) as stack:
            cookie = stack.plant_session(user=make_user())
            for sig, name in [(signal.SIGUSR1, "User defined signal 1"),
                              (signal.SIGHUP, "Hangup"), (signal.SIGUSR1, "User defined signal 1")]:
                with self.subTest(signal=sig.name):
                    before = len(signal_lines(stack))
                    stack.orggate.send_signal(sig)
                    self.assertTrue(wait_until(lambda: len(signal_lines(stack)) > before),
                                    f"no log line for {sig.name}:\n{stack.orggate_log()}")
                    self.assertIn(name, signal_lines(stack)[-1])
                    self.assertIsNone(stack.orggate.poll(), f"{sig.name} stopped orggate")
                    self.assert_pages_answer_logged_in(stack, cookie)
                    share = share_of_a_core(stack.orggate.pid, 2.0)
                    self.assertLess(share, IDLE_CPU_LIMIT,
                                    f"idle after {sig.name}, orggate used {share:.0%} of a core")
                    print(f"\n  idle after {sig.name}: {share:.1%} of a core", file=sys.stderr)
            # SIGTERM still means stop, cleanly.
            self.assertEqual(stack.stop_orggate(), 0)


class AcceptErrorTest(unittest.TestCase):
    def test_running_out_of_descriptors_backs_off_logs_once_and_recovers(self):
        with Stack(settings={"ORGGATE_THREADS": str(THREADS)}) as stack:
            cookie = stack.plant_session(user=make_user())
            self.assertEqual(stack.get("/page1", cookie=cookie).status, 200)
            pid = stack.orggate.pid
            # Three descriptors to spare (what one page needs: its connection, the session's
            # shard folder and file): orggate accepts three connections that never send a
            # request and keeps them open; every later accept fails with EMFILE.
            in_use = settled_descriptor_count(pid)
            _, hard = resource.prlimit(pid, resource.RLIMIT_NOFILE)
            resource.prlimit(pid, resource.RLIMIT_NOFILE, (in_use + 3, hard))
            silent = []
            try:
                for _ in range(40):
                    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    connection.connect(str(stack.socket_path))
                    silent.append(connection)
                self.assertTrue(wait_until(lambda: lines_of(stack, "accept_failed")),
                                f"no accept_failed line:\n{stack.orggate_log()[-2000:]}")
                share = share_of_a_core(pid, 2.0)
                self.assertLess(share, IDLE_CPU_LIMIT,
                                f"out of descriptors, orggate used {share:.0%} of a core")
                print(f"\n  out of descriptors: {share:.1%} of a core", file=sys.stderr)
                failed = lines_of(stack, "accept_failed")
                self.assertEqual(len(failed), 1, failed[:5])
                self.assertIn("errno=24", failed[0])
                self.assertIn("Too many open files", failed[0])
            finally:
                for connection in silent:
                    connection.close()
            # The descriptors come back (the queued connections are closed and drained):
            # pages answer again without a restart, under the same limit.
            self.assertTrue(wait_until(lambda: descriptor_count(pid) == in_use))
            page = stack.get("/page1", cookie=cookie)
            self.assertEqual(page.status, 200, page.text[:300])
            self.assertEqual(navbar_user(page).userid, "Github userid: octocat")
            self.assertTrue(wait_until(lambda: lines_of(stack, "accept_recovered")))
            self.assertEqual(len(lines_of(stack, "accept_failed")), 1)
            self.assertIsNone(stack.orggate.poll())


if __name__ == "__main__":
    unittest.main()
