"""make bench's sessions scenario: the logged-in page with 1,000 sessions on disk and with many
more (a million by default), then that page at a steady rate while sweeps run over them all, and
what a sweep costs. The sessions are a real login's record, copied by build/bench-sessions."""

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench import PACED_CONNECTIONS, PACED_DELAY_MS, cpu_seconds, nginx_pids, run_wrk
from bench_stack import BenchStack

SMALL = 1000  # the store the big one is compared with
COOKIES = 1000  # sessions the page load goes through in turn, spread over the store
REMOVERS = 16  # rm processes at once
LOGIN = "mona"  # a member of the stand-in's org
# A file system block per session file (ext4 keeps no small file in its inode), a margin for
# the folders, and room left for everyone else.
BYTES_PER_SESSION, SPARE_BYTES, SPARE_INODES = 4096, 2 << 30, 100_000

# wrk's request() hook: each request carries the next session's cookie.
ROTATING_SCRIPT = """cookies = {{{cookies}}}
local i = 0
function request()
    i = i % #cookies + 1
    return wrk.format(nil, nil, {{["Cookie"] = "orggate_session=" .. cookies[i]}})
end
"""
PACED_HOOK = "function delay()\n    return {delay_ms}\nend\n"


def check_room(folder, count):
    """Refuses, before anything is written, when `count` sessions would not fit in `folder`."""
    stats = os.statvfs(folder)
    free_bytes, free_inodes = stats.f_bavail * stats.f_frsize, stats.f_favail
    need_bytes = count * BYTES_PER_SESSION + SPARE_BYTES
    need_inodes = count + SPARE_INODES
    if free_bytes < need_bytes or free_inodes < need_inodes:
        raise SystemExit(
            f"bench: {count:,} sessions need {need_bytes / 2**30:.1f} GB and {need_inodes:,} "
            f"inodes free in {folder}, which has {free_bytes / 2**30:.1f} GB and "
            f"{free_inodes:,}; use --sessions N or --session-dir on a larger file system")


class SessionFolder:
    """The stack's session folder, filled by build/bench-sessions with copies of one record."""

    def __init__(self, site, build):
        self.site, self.tool = site, Path(build) / "bench-sessions"
        self.count = 0

    def log_in(self):
        """A real login through the stand-in; its record is the one every copy gets."""
        browser = self.site.browser()
        page = browser.login_as(LOGIN, next="/page1")
        if page.status != 200 or LOGIN not in page.text:
            raise SystemExit(f"bench: the login as {LOGIN} failed: {page.status}")
        self.record = self.site.session_file(browser.session_id).read_bytes()
        self.count += 1
        return browser.session_id

    def add(self, count, sample):
        """Adds `count` sessions; returns `sample` of their ids and the seconds it took."""
        started = time.monotonic()
        result = subprocess.run([str(self.tool), str(self.site.session_dir), str(count),
                                 str(sample)], input=self.record, capture_output=True)
        if result.returncode != 0:
            raise SystemExit(result.stderr.decode(errors="replace").strip() or
                             f"bench: {self.tool} failed ({result.returncode})")
        self.count += count
        return result.stdout.decode().split(), time.monotonic() - started

    def refresh(self, ids):
        """Stamps the sessions seen now, as orggate's keep-alive would, so that no request in
        the next minute rewrites one (that would measure fsync, not the page)."""
        now = str(int(time.time())).encode()
        for session_id in ids:
            path = self.site.session_file(session_id)
            record = re.sub(rb'"(created_at|last_seen_at)":\d+', rb'"\1":' + now,
                            path.read_bytes())
            temporary = path.with_name(".tmp-bench-" + path.name)
            temporary.write_bytes(record)
            temporary.chmod(0o600)
            os.replace(temporary, path)

    def check_logged_in(self, ids):
        """Every few sampled cookie opens /page1 as the user: the copies are real sessions."""
        for session_id in ids[:: max(len(ids) // 10, 1)]:
            page = self.site.get("/page1", cookie=session_id)
            if page.status != 200 or LOGIN not in page.text:
                raise SystemExit(f"bench: a filled session is not logged in: {page.status}")

    def remove(self):
        """rm -rf of the shard folders, REMOVERS at a time: an unlink waits for the disk (on
        an ext4 mounted with `discard`, for a discard of the file's block), so they overlap."""
        shards = [str(path) for path in self.site.session_dir.iterdir()]
        removers = [subprocess.Popen(["rm", "-rf", "--", *shards[first::REMOVERS]])
                    for first in range(min(REMOVERS, len(shards)))]
        if any([remover.wait() != 0 for remover in removers]):  # a list: wait for all
            raise SystemExit(f"bench: could not remove all of {self.site.session_dir}")


def script(site, name, ids, paced=False):
    text = ROTATING_SCRIPT.format(cookies=", ".join(f'"{session_id}"' for session_id in ids))
    if paced:
        text += PACED_HOOK.format(delay_ms=PACED_DELAY_MS)
    path = site.tmp / name
    path.write_text(text)
    return path


def measure_page(site, args, folder, ids):
    """/page1 as fast as wrk -c64 goes, cookies in turn: req/s, p99, server CPU per request."""
    folder.refresh(ids)
    folder.check_logged_in(ids)
    lua = script(site, "rotating.lua", ids)
    url = site.url + "/page1"
    run_wrk(url, 3, args.connections, None, threads=1, script=lua)  # warm-up
    groups = [site.orggate.pid], nginx_pids(site.prefix)
    before = [cpu_seconds(group) for group in groups]
    requests, errors, _, p99 = run_wrk(url, args.seconds, args.connections, None, threads=1,
                                       script=lua)
    after = [cpu_seconds(group) for group in groups]
    orggate_us, nginx_us = [(a - b) / requests * 1e6 for a, b in zip(after, before)]
    return {"rate": requests / args.seconds, "p99": p99, "orggate_us": orggate_us,
            "nginx_us": nginx_us, "errors": errors}


def paced_page(site, seconds, ids):
    """/page1 at about 200 requests a second (bench.py's paced load), cookies in turn."""
    lua = script(site, "paced.lua", ids, paced=True)
    _, errors, p50, p99 = run_wrk(site.url + "/page1", seconds, PACED_CONNECTIONS, None,
                                  threads=1, script=lua)
    return p50, p99, errors


def sweep_lines(log):
    return [dict(pair.split("=", 1) for pair in line.split()[1:])
            for line in log.splitlines() if line.startswith("event=sweep ")]


def sweep_window(args):
    """Twice --seconds: a sweep over a million sessions takes about 5 s, resting included."""
    return 2 * args.seconds


def measure_sweeps(site, args, folder, ids):
    """The paced page alone, then with orggate sweeping back to back (interval 1 s, restarted
    for it): its p50/p99 both ways, and each sweep's own wall and CPU time from its log line."""
    folder.refresh(ids)
    alone = paced_page(site, sweep_window(args), ids)
    folder.refresh(ids)
    site.stop_orggate()
    site.settings["ORGGATE_SESSION_SWEEP_INTERVAL"] = "1s"
    offset = len(site.orggate_log())
    site.start_orggate()  # sweeps at once, then a second after each sweep ends
    folder.check_logged_in(ids)  # and a fresh orggate's first requests are not measured
    started, cpu_before = time.monotonic(), cpu_seconds([site.orggate.pid])
    during = paced_page(site, sweep_window(args), ids)
    window = time.monotonic() - started
    orggate_cpu = cpu_seconds([site.orggate.pid]) - cpu_before
    sweeps = sweep_lines(site.orggate_log()[offset:])
    return alone, during, sweeps, window, orggate_cpu


def sessions_scenario(args):
    """The whole scenario in its own stack and session folder (under --session-dir if given),
    the session files removed however it ends."""
    check_room(args.session_dir or tempfile.gettempdir(), args.sessions)
    session_dir = None
    if args.session_dir:
        session_dir = Path(tempfile.mkdtemp(prefix="orggate-bench-", dir=args.session_dir))
    settings = {"ORGGATE_THREADS": args.orggate_threads, "ORGGATE_REQUEST_LOG": args.request_log,
                "ORGGATE_SESSION_SWEEP_INTERVAL": "1h"}  # no sweep but the first, at 0 sessions
    try:
        run_stages(args, settings, session_dir)
    finally:
        if session_dir is not None:
            shutil.rmtree(session_dir, ignore_errors=True)


def run_stages(args, settings, session_dir):
    with BenchStack(github=True, settings=settings, session_dir=session_dir) as site:
        folder = SessionFolder(site, os.environ["ORGGATE_BUILD"])
        try:
            login = folder.log_in()
            small_ids, _ = folder.add(SMALL - folder.count, COOKIES - 1)
            small = measure_page(site, args, folder, small_ids + [login])
            big_ids, fill_seconds = folder.add(args.sessions - folder.count, COOKIES)
            big = measure_page(site, args, folder, big_ids)
            sweeping = measure_sweeps(site, args, folder, big_ids)
        finally:
            started = time.monotonic()
            folder.remove()
            remove_seconds = time.monotonic() - started
    print_sessions(args, small, big, fill_seconds, remove_seconds)
    print_sweeps(args, *sweeping)


def print_sessions(args, small, big, fill_seconds, remove_seconds):
    print(f"\nsessions on disk: /page1 logged in, wrk -t1 -c{args.connections} -d{args.seconds}s, "
          f"{COOKIES} sessions' cookies in turn (issue 8 asks <= 1.2x the cost at {SMALL:,})")
    print(f"{'sessions':>10} {'req/s':>8} {'p99':>8} {'orggate CPU':>12} {'nginx CPU':>10} "
          f"{'server CPU/req':>15} {'errors':>7}")
    for count, row in ((SMALL, small), (args.sessions, big)):
        print(f"{count:>10,} {row['rate']:>8.0f} {row['p99']:>8} {row['orggate_us']:>9.1f} µs "
              f"{row['nginx_us']:>7.1f} µs {row['orggate_us'] + row['nginx_us']:>12.1f} µs "
              f"{row['errors']:>7}")
    ratio = (big["orggate_us"] + big["nginx_us"]) / (small["orggate_us"] + small["nginx_us"])
    print(f"server CPU per request at {args.sessions:,} / at {SMALL:,}: {ratio:.2f}x "
          f"(filled in {fill_seconds:.0f} s by build/bench-sessions, removed in "
          f"{remove_seconds:.0f} s)")


def print_sweeps(args, alone, during, sweeps, window, orggate_cpu):
    print(f"\nsweeps over {args.sessions:,} sessions, back to back (interval 1 s); /page1 "
          f"paced, wrk -t1 -c{PACED_CONNECTIONS} at one request per {PACED_DELAY_MS} ms a "
          f"connection, {sweep_window(args)}s (issue 8 asks p99 <= 10 ms)")
    print(f"{'':<24} {'p50':>8} {'p99':>8} {'errors':>7}")
    print(f"{'alone':<24} {alone[0]:>8} {alone[1]:>8} {alone[2]:>7}")
    print(f"{'during sweeps':<24} {during[0]:>8} {during[1]:>8} {during[2]:>7}")
    if not sweeps:
        print("no sweep finished in the window")
        return
    wall = [int(sweep["ms"]) for sweep in sweeps]
    cpu = [int(sweep["cpu_ms"]) for sweep in sweeps]
    print(f"{len(sweeps)} sweeps (kept {sweeps[-1]['kept']}, removed {sweeps[-1]['removed']}): "
          f"{sum(cpu) / len(cpu) / 1000:.2f} CPU s per sweep (min {min(cpu) / 1000:.2f}, max "
          f"{max(cpu) / 1000:.2f}), {sum(wall) / len(wall) / 1000:.2f} s wall; "
          f"{sum(wall) / 1000 / window * 100:.0f} % of the page's window spent sweeping")
    print(f"orggate's whole CPU over the {window:.0f} s window, page and sweeps: "
          f"{orggate_cpu:.2f} s ({orggate_cpu / window * 100:.0f} % of a core)")

