"""Storage faults through nginx and orggate: injected EIO/EMFILE/ENOSPC (an LD_PRELOAD shim) and a
real tmpfs filled to 100 % or made read-only. A clear 503 page, no silent logout, nothing lost,
and everything works again once the disk does, without a restart."""

import errno
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from page import has_login_link, logout_csrf_token, navbar_user
from stack import Stack, build_dir, make_user, orggate_binary

STORAGE_TEXT = "The site has a storage problem"


def shim_path():
    return build_dir() / "fault_shim.so"


def preload_list():
    """LD_PRELOAD for orggate: the shim, after the sanitizer runtime when orggate has one (ASan
    insists on coming first, and then hands the calls on to the shim)."""
    linked = subprocess.run(["ldd", str(orggate_binary())], capture_output=True, text=True).stdout
    runtime = re.search(r"^\s*libasan\.so\S*\s+=>\s+(\S+)", linked, re.MULTILINE)
    return ":".join(([runtime.group(1)] if runtime else []) + [str(shim_path())])


def session_file_name(stack, cookie):
    return stack.session_file(cookie).name


class StorageAssertions(unittest.TestCase):
    """What a visitor and an operator see of a storage fault; `stack` is set by the subclass."""

    def assert_storage_page(self, response):
        """The 503 storage page with Retry-After, not a 500 and not a logged-out page."""
        self.assertEqual(response.status, 503, response.text[:300])
        self.assertEqual(response.header("Retry-After"), "30")
        self.assertIn(STORAGE_TEXT, response.text)
        self.assertFalse(has_login_link(response), "a storage fault must not look like a logout")
        self.assertEqual(response.session_cookies(), [], "the cookie must be left alone")

    def assert_logged_in(self, response, login="octocat"):
        self.assertEqual(response.status, 200, response.text[:300])
        user = navbar_user(response)
        self.assertIsNotNone(user, "expected the logged-in navbar")
        self.assertEqual(user.userid, f"Github userid: {login}")

    def assert_logged_out(self, response):
        self.assertEqual(response.status, 200, response.text[:300])
        self.assertIsNone(navbar_user(response))
        self.assertTrue(has_login_link(response))

    def log_since(self, offset):
        return self.stack.orggate_log()[offset:]

    def wait_for_log(self, offset, pattern, timeout=5):
        """orggate's log after `offset` once it matches `pattern` (it may log just after the
        answer went out)."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.log_since(offset)) and time.monotonic() < deadline:
            time.sleep(0.05)
        log = self.log_since(offset)
        self.assertRegex(log, pattern)
        return log

    def attempt_login(self, user="mona"):
        """The whole login flow as far as it goes; the last page it reached, and the browser."""
        browser = self.stack.browser()
        redirect = browser.get("/login")
        if redirect.status != 302:
            return redirect, browser
        page = browser.get(redirect.header("Location"))
        return browser.follow(browser.authorize(page, user)), browser

    def assert_no_bare_500(self, browser):
        for response in browser.history:
            self.assertNotEqual(response.status, 500, f"{response.url}: {response.text[:300]}")

    def logout(self, cookie):
        page = self.stack.get("/", cookie=cookie)
        token = logout_csrf_token(page)
        self.assertIsNotNone(token, "no logout form")
        return self.stack.request("POST", "/logout", body=f"csrf_token={token}", cookie=cookie,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})


class ShimCase(StorageAssertions):
    """A stack whose orggate runs under the fault shim, controlled through files in a folder of
    the test's; a subclass names the shim's settings in shim_settings()."""

    @classmethod
    def setUpClass(cls):
        if not shim_path().is_file():
            raise unittest.SkipTest(f"{shim_path()} is missing: make {shim_path()}")
        cls.control = Path(tempfile.mkdtemp(prefix="orggate-shim-"))
        settings = {"LD_PRELOAD": preload_list(), **cls.shim_settings()}
        cls.stack = Stack(github=True, settings=settings)
        cls.stack.start()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        shutil.rmtree(cls.control, ignore_errors=True)


class InjectedFaultTest(ShimCase):
    """The shim fails chosen calls on chosen files; orggate is otherwise untouched."""

    @classmethod
    def shim_settings(cls):
        cls.rules = cls.control / "rules"
        cls.rules.write_text("")
        return {"FAULT_SHIM_RULES": str(cls.rules)}

    def setUp(self):
        self.stack.github.reset()

    def tearDown(self):
        self.rules.write_text("")

    def inject(self, *rules):
        self.rules.write_text("".join(f"{rule}\n" for rule in rules))

    def plant_logged_in(self, **kwargs):
        return self.stack.plant_session(user=make_user(), values={"csrf_token": "t0ken"},
                                        **kwargs)

    def assert_fault_on_reading_is_a_storage_page(self, call, error):
        cookie = self.plant_logged_in()
        before = self.stack.session_file(cookie).read_bytes()
        self.inject(f"{call} {error} {session_file_name(self.stack, cookie)}")
        for method, path in [("GET", "/"), ("GET", "/page1"), ("POST", "/logout")]:
            with self.subTest(path=path):
                offset = len(self.stack.orggate_log())
                body = "csrf_token=t0ken" if method == "POST" else None
                response = self.stack.request(method, path, cookie=cookie, body=body)
                self.assert_storage_page(response)
                self.wait_for_log(offset, rf"event=error .*errno={error}\b")
        self.assertEqual(self.stack.session_file(cookie).read_bytes(), before,
                         "the live session file must be left as it was")
        # The disk is well again: the same cookie, the same user, no restart.
        self.inject()
        self.assert_logged_in(self.stack.get("/page1", cookie=cookie))

    def test_eio_reading_a_session_file_is_the_storage_page_and_loses_nothing(self):
        self.assert_fault_on_reading_is_a_storage_page("read", "EIO")

    def test_emfile_opening_a_session_file_is_the_storage_page_and_loses_nothing(self):
        self.assert_fault_on_reading_is_a_storage_page("openat", "EMFILE")

    def test_a_failed_keep_alive_refresh_is_logged_and_the_page_still_renders(self):
        old = int(time.time()) - 600
        cookie = self.plant_logged_in(last_seen_at=old)
        self.inject("write EIO .tmp-")
        offset = len(self.stack.orggate_log())
        self.assert_logged_in(self.stack.get("/page2", cookie=cookie))
        self.wait_for_log(offset, r"event=error msg=\"session refresh failed\".* errno=EIO")
        self.assertEqual(self.stack.read_session(cookie)["last_seen_at"], old)
        self.inject()
        self.assert_logged_in(self.stack.get("/page2", cookie=cookie))
        self.assertGreater(self.stack.read_session(cookie)["last_seen_at"], old,
                           "the refresh works again once writes do")

    def test_a_login_that_cannot_be_saved_is_the_storage_page_then_works(self):
        self.inject("write ENOSPC .tmp-")
        response, browser = self.attempt_login()
        self.assert_storage_page(response)
        self.assert_no_bare_500(browser)
        self.inject()
        response, browser = self.attempt_login()
        self.assert_logged_in(response, "mona")

    def test_healthz_is_503_with_the_reason_while_writes_fail(self):
        self.inject("write ENOSPC .tmp-")
        response = self.stack.get("/healthz")
        self.assertEqual(response.status, 503)
        self.assertIn("not writable", response.text)
        self.assertIn("ENOSPC", response.text)
        self.inject()
        response = self.stack.get("/healthz")
        self.assertEqual((response.status, response.text), (200, "ok\n"))


class FolderFlushTest(ShimCase):
    """Every mkdirat, renameat and unlinkat of a session is followed by an fsync of the folder it
    changed, so an acknowledged login or logout survives a power cut (the shim logs the calls)."""

    @classmethod
    def shim_settings(cls):
        cls.calls = cls.control / "calls"
        return {"FAULT_SHIM_LOG": str(cls.calls)}

    def calls_in_sessions(self, offset):
        """(call, folder, name) for the shim's lines about the session folder after `offset`."""
        root = str(self.stack.session_dir.resolve())
        found = []
        for line in self.calls.read_text()[offset:].splitlines():
            call, folder, *name = line.split(" ")
            if folder == root or folder.startswith(root + "/"):
                found.append((call, folder, name[0] if name else None))
        return found

    def assert_each_change_is_flushed(self, calls, call_name, name=None):
        """Some `call_name` (on `name`, if given) happened, and each is followed by an fsync of
        its folder; returns their folders."""
        changes = [i for i, (call, _, changed) in enumerate(calls)
                   if call == call_name and (name is None or changed == name)]
        self.assertTrue(changes, f"no {call_name} {name or ''} in {calls}")
        for index in changes:
            folder = calls[index][1]
            self.assertIn(("fsync", folder, None), calls[index + 1:],
                          f"{calls[index]} is not followed by an fsync of {folder}")
        return [calls[index][1] for index in changes]

    def test_login_and_logout_flush_the_folders_they_change(self):
        offset = len(self.calls.read_text()) if self.calls.exists() else 0
        response, browser = self.attempt_login()
        self.assert_logged_in(response, "mona")
        login_file = self.stack.session_file(browser.session_id)
        calls = self.calls_in_sessions(offset)
        # The first session in an empty folder makes its shard folder: the parent is flushed.
        made = self.assert_each_change_is_flushed(calls, "mkdirat")
        self.assertIn(str(self.stack.session_dir.resolve()), made)
        renamed = self.assert_each_change_is_flushed(calls, "renameat", login_file.name)
        self.assertEqual(renamed[-1], str(login_file.parent.resolve()))

        offset = len(self.calls.read_text())
        response = self.logout(browser.session_id)
        self.assertEqual(response.status, 303)
        self.assertFalse(login_file.exists())
        removed = self.assert_each_change_is_flushed(self.calls_in_sessions(offset), "unlinkat",
                                                     login_file.name)
        # The session file, then its marker in the per-user index (DIR/users/<GitHub id>/).
        self.assertEqual(removed, [str(login_file.parent.resolve()),
                                   str(self.stack.session_dir.resolve() / "users" / "1000001")])


def run_root(*command):
    """mount/umount; a missing command is reported like a refusal."""
    try:
        return subprocess.run(list(command), capture_output=True, text=True)
    except FileNotFoundError as error:
        return subprocess.CompletedProcess(command, 127, "", str(error))


class FullDiskTest(StorageAssertions):
    """The sessions on a small tmpfs of their own (mounting needs root), filled to 100 % -- both
    its bytes and its inodes -- or remounted read-only."""

    @classmethod
    def setUpClass(cls):
        cls.mount_point = Path(tempfile.mkdtemp(prefix="orggate-tmpfs-"))
        mounted = run_root("mount", "-t", "tmpfs", "-o", "size=1m,nr_inodes=256,mode=0700",
                           "tmpfs", str(cls.mount_point))
        if mounted.returncode != 0:
            cls.mount_point.rmdir()
            raise unittest.SkipTest(f"cannot mount a tmpfs here (needs root): "
                                    f"{mounted.stderr.strip()}")
        try:
            cls.stack = Stack(github=True, session_dir=cls.mount_point / "sessions")
            cls.stack.start()
        except BaseException:
            cls.unmount()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()
        cls.unmount()

    @classmethod
    def unmount(cls):
        run_root("umount", str(cls.mount_point))
        cls.mount_point.rmdir()

    def setUp(self):
        self.stack.github.reset()

    def fill(self):
        """Writes filler until the tmpfs refuses: every byte, then every inode."""
        with open(self.mount_point / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 65536)
            except OSError as error:
                self.assertEqual(error.errno, errno.ENOSPC)
        count = 0
        try:
            while True:
                (self.mount_point / f"filler-{count}").touch()
                count += 1
        except OSError as error:
            self.assertEqual(error.errno, errno.ENOSPC)
        usage = os.statvfs(self.mount_point)
        self.assertEqual((usage.f_bavail, usage.f_favail), (0, 0), "the tmpfs is not full")

    def free(self):
        for path in self.mount_point.glob("filler*"):
            path.unlink()

    def remount(self, mode):
        result = run_root("mount", "-o", f"remount,{mode}", str(self.mount_point))
        self.assertEqual(result.returncode, 0, result.stderr)

    def plant_logged_in(self):
        """A session due for its keep-alive refresh, so every page tries to write it."""
        return self.stack.plant_session(user=make_user(), values={"csrf_token": "t0ken"},
                                        last_seen_at=int(time.time()) - 600)

    def assert_broken_disk_is_handled(self, cookie, error):
        """Reading pages render, writing requests get the storage page, /healthz says why."""
        before = self.stack.session_file(cookie).read_bytes()
        offset = len(self.stack.orggate_log())
        for path in ["/", "/page1", "/page2"]:
            with self.subTest(path=path):
                self.assert_logged_in(self.stack.get(path, cookie=cookie))
        self.wait_for_log(offset, rf"session refresh failed.* errno={error}\b")

        health = self.stack.get("/healthz")
        self.assertEqual(health.status, 503)
        self.assertIn("not writable", health.text)
        self.assertIn(error, health.text)

        response, browser = self.attempt_login()
        self.assert_storage_page(response)
        self.assert_no_bare_500(browser)
        self.wait_for_log(offset, rf"event=error msg=\"session storage failed\".* errno={error}\b")

        # The live session is intact and still parses.
        self.assertEqual(self.stack.session_file(cookie).read_bytes(), before)
        self.assertEqual(json.loads(before)["user"]["login"], "octocat")

    def assert_everything_works_again(self, cookie):
        """Once the disk takes writes: refresh, /healthz, login and logout, all without a restart."""
        self.assert_logged_in(self.stack.get("/", cookie=cookie))
        self.assertGreater(self.stack.read_session(cookie)["last_seen_at"], int(time.time()) - 60)
        self.assertEqual(self.stack.get("/healthz").status, 200)
        response, browser = self.attempt_login()
        self.assert_logged_in(response, "mona")
        self.assertEqual(self.logout(browser.session_id).status, 303)
        self.assertEqual(self.logout(cookie).status, 303)
        self.assert_logged_out(self.stack.get("/", cookie=cookie))
        self.assertFalse(self.stack.session_file(cookie).exists())

    def test_a_full_disk_keeps_pages_up_refuses_writes_clearly_and_recovers(self):
        cookie = self.plant_logged_in()
        self.fill()
        try:
            self.assert_broken_disk_is_handled(cookie, "ENOSPC")
            # Removing a session needs no space, and what follows the removal (the "logged out"
            # message) may still need some: the answer is the storage page or the redirect home,
            # and what the site shows afterwards matches what is on disk.
            response = self.logout(cookie)
            if response.status == 503:
                self.assert_storage_page(response)
            else:
                self.assertEqual(response.status, 303, response.text[:300])
            after = self.stack.get("/", cookie=cookie)
            if self.stack.session_file(cookie).exists():
                self.assert_logged_in(after)
            else:
                self.assert_logged_out(after)
        finally:
            self.free()
        self.assert_everything_works_again(self.plant_logged_in())

    def test_a_read_only_disk_keeps_pages_up_refuses_writes_clearly_and_recovers(self):
        cookie = self.plant_logged_in()
        self.remount("ro")
        try:
            self.assert_broken_disk_is_handled(cookie, "EROFS")
            self.assert_storage_page(self.logout(cookie))
            self.assert_logged_in(self.stack.get("/", cookie=cookie))
        finally:
            self.remount("rw")
        self.assert_everything_works_again(cookie)


if __name__ == "__main__":
    unittest.main()
