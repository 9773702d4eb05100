"""Timing a command the way the benchmarks report it: wall time and the peak memory of its largest process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Runs in a fresh interpreter, so that RUSAGE_CHILDREN covers the measured
# command (and its workers) alone. Standard output goes to a file or nowhere.
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "rb") as stdin:
    code = subprocess.run(sys.argv[3:], stdout=out, stdin=stdin).returncode
print(code, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(command: list[str], output: Path | None = None, stdin: Path | None = None) -> tuple[int, float, float]:
    """The command's exit code, wall seconds and the peak RSS (MB) of its largest process."""
    sink = str(output) if output is not None else "/dev/null"
    source = str(stdin) if stdin is not None else "/dev/null"
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, sink, source, *command], capture_output=True, text=True, check=True
    )
    code, seconds, max_rss_kb = out.stdout.split()
    return int(code), float(seconds), int(max_rss_kb) / 1024
