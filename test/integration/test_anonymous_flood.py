"""Anonymous visitors leave no lasting state: a flood of /login and forged callbacks writes
no session file and costs orggate no fsync."""

import base64
import http.client
import os
import secrets
import shutil
import subprocess
import threading
import time
import unittest

from urllib.parse import urlsplit

from page import LOGIN_COOKIE_PREFIX
from stack_cases import LoginCase

LOGINS = 3000
FORGED_CALLBACKS = 500
CLIENTS = 16


def forged_state():
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()


class AnonymousFloodTest(LoginCase):

    def flood(self, paths, cookies):
        """GETs every path through nginx from CLIENTS threads on kept-alive connections;
        returns the status of each answer."""
        statuses, lock = [], threading.Lock()
        work = list(enumerate(paths))

        def client():
            connection = http.client.HTTPConnection("127.0.0.1", self.stack.port, timeout=10)
            try:
                while True:
                    with lock:
                        if not work:
                            return
                        index, path = work.pop()
                    headers = {"Cookie": cookies[index % len(cookies)]} if cookies else {}
                    connection.request("GET", path, headers=headers)
                    answer = connection.getresponse()
                    answer.read()
                    with lock:
                        statuses.append(answer.status)
            finally:
                connection.close()

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statuses

    def count_fsyncs(self, during):
        """fsync and fdatasync calls of orggate while `during` runs, from strace; None when
        strace is missing or may not attach here."""
        if shutil.which("strace") is None:
            return None, during()
        output = self.stack.tmp / "strace.txt"
        tracer = subprocess.Popen(["strace", "-f", "-c", "-e", "trace=fsync,fdatasync,syncfs",
                                   "-o", str(output), "-p", str(self.stack.orggate.pid)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(0.5)
        if tracer.poll() is not None:
            return None, during()
        result = during()
        tracer.terminate()
        tracer.wait(timeout=10)
        text = output.read_text() if output.exists() else ""
        calls = 0
        for line in text.splitlines():
            fields = line.split()
            if fields and fields[-1] in ("fsync", "fdatasync", "syncfs"):
                calls += int(fields[3])
        return calls, result

    def test_a_flood_of_logins_and_forged_callbacks_leaves_no_file_and_no_fsync(self):
        before = self.stack.all_session_files()
        browser = self.browser()
        browser.start_login()
        cookies = [f"{name}={value}" for name, value in
                   browser.jar[urlsplit(self.stack.url).netloc].items()
                   if name.startswith(LOGIN_COOKIE_PREFIX)]
        self.assertEqual(len(cookies), 1)

        def run():
            logins = self.flood(["/login"] * LOGINS, None)
            forged = self.flood([f"/login/authorized?state={forged_state()}&code=x"
                                 for _ in range(FORGED_CALLBACKS)], cookies + [""])
            return logins, forged

        fsyncs, (logins, forged) = self.count_fsyncs(run)
        self.assertEqual(logins, [302] * LOGINS)
        self.assertEqual(forged, [302] * FORGED_CALLBACKS)
        self.assertEqual(self.stack.all_session_files(), before)
        self.assertEqual(os.listdir(self.stack.session_dir) if self.stack.session_dir.exists()
                         else [], [] if not before else os.listdir(self.stack.session_dir))
        self.assert_no_token_request()
        if fsyncs is None:
            print("(strace could not attach here: fsyncs not counted)")
        else:
            print(f"(orggate made {fsyncs} fsync calls for {LOGINS + FORGED_CALLBACKS} requests)")
            self.assertEqual(fsyncs, 0)
        # Nothing was lost on the way: a real login still works at once.
        self.assert_logged_in_as(self.browser().login_as("mona"), "mona", "Mona Lisa Octocat")


if __name__ == "__main__":
    unittest.main()
