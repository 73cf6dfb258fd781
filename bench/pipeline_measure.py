#!/usr/bin/env python3
"""Runs one command (its output discarded) and prints "CPU_SECONDS WALL_SECONDS PEAK_KIB", or
"fail" when it exits non-zero. CPU is user + system time from wait4's rusage, to the microsecond
(/usr/bin/time rounds to 10 ms, too coarse for the small captures). The peak resident set comes
from /usr/bin/time, which runs the command: a child forked from this Python process would inherit
its resident set as a floor of ru_maxrss.
Usage: pipeline_measure.py COMMAND [ARGS...]   (a helper of bench/pipeline_throughput.sh)"""
import os
import subprocess
import sys
import tempfile
import time

if len(sys.argv) < 2:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
start = time.monotonic()
rss_file = tempfile.NamedTemporaryFile(prefix="pt-measure-", delete=False)
rss_file.close()
with open(os.devnull, "wb") as null, open(os.environ.get("PT_MEASURE_STDERR", os.devnull), "wb") as err:
    child = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file.name] + sys.argv[1:], stdout=null, stderr=err)
    _, status, usage = os.wait4(child.pid, 0)
wall = time.monotonic() - start
with open(rss_file.name) as f:
    lines = f.read().split()
os.unlink(rss_file.name)
if os.waitstatus_to_exitcode(status) != 0 or not lines:
    print("fail")
else:
    print(f"{usage.ru_utime + usage.ru_stime:.4f} {wall:.4f} {lines[-1]}")
