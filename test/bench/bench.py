"""Throughput and CPU per request of the real stack under wrk: `make bench` (not part of make check)."""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

import stack  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User + system CPU time of the processes, from /proc."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def nginx_pids(prefix):
    master = int((prefix / "logs" / "nginx.pid").read_text())
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [master] + [int(pid) for pid in children.stdout.split()]


def run_wrk(url, seconds, connections, cookie):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)
    return requests, int(errors.group(1)) if errors else 0, p50, p99


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="build")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    os.environ["ORGGATE_BUILD"] = str(Path(args.build).resolve())

    with stack.Stack(settings={"ORGGATE_THREADS": "16"}) as site:
        session = site.plant_session(user=stack.make_user())
        cookie = f"orggate_session={session}"
        scenarios = [
            ("CSS from nginx", "/static/orggate.css", None),
            ("/page2, anonymous", "/page2", None),
            ("/page1, logged in", "/page1", cookie),
            ("/healthz", "/healthz", None),
        ]
        print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, {os.cpu_count()} cores")
        print(f"{'scenario':<20} {'req/s':>8} {'p50':>8} {'p99':>8} {'orggate CPU/req':>16} "
              f"{'nginx CPU/req':>14} {'errors':>7}")
        for name, path, scenario_cookie in scenarios:
            run_wrk(site.url + path, 2, args.connections, scenario_cookie)  # warm-up
            pids = [site.orggate.pid], nginx_pids(site.prefix)
            before = [cpu_seconds(group) for group in pids]
            requests, errors, p50, p99 = run_wrk(site.url + path, args.seconds,
                                                 args.connections, scenario_cookie)
            after = [cpu_seconds(group) for group in pids]
            per_request = [(a - b) / requests * 1e6 for a, b in zip(after, before)]
            print(f"{name:<20} {requests / args.seconds:>8.0f} {p50:>8} {p99:>8} "
                  f"{per_request[0]:>13.1f} µs {per_request[1]:>11.1f} µs {errors:>7}")


if __name__ == "__main__":
    main()
