"""How much CPU a running process uses, from /proc/PID/stat (all its threads together)."""

import os
import time
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User plus system time the process has used so far, in seconds."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name in parentheses may hold spaces: count fields after its closing ")".
    fields = stat[stat.rindex(")") + 2:].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / TICKS_PER_SECOND


def share_of_a_core(pid, seconds=2.0):
    """CPU time used over the next `seconds` of wall time, as a fraction of one core."""
    used_before, started = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(pid) - used_before) / (time.monotonic() - started)
