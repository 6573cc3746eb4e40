#!/usr/bin/env python3
"""Start-up benchmark: median wall time and peak memory (the child's ru_maxrss, via os.wait4)
of a worker answering an input that fails validation. Prints figures; asserts nothing.

    bench_startup.py                       # python3 probe.py (this interpreter)
    bench_startup.py --runs 30 -- ./probe  # any command line, e.g. the Swift binary
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(command: list[str], payload: bytes) -> tuple[float, int, bytes]:
    """(wall seconds, peak RSS in KiB, stdout) of one run."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(payload)
    child.stdin.close()
    out = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return elapsed, usage.ru_maxrss, out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2, help="runs not counted (disk cache)")
    parser.add_argument("--input", default="{}", help="stdin for each run (default: {})")
    parser.add_argument("command", nargs="*", help="after --: the command line to measure")
    args = parser.parse_args(argv)
    command = args.command or [sys.executable, str(HERE / "probe.py")]
    payload = args.input.encode("utf-8")
    for _ in range(args.warmup):
        measure(command, payload)
    walls: list[float] = []
    peaks: list[int] = []
    sample = b""
    for _ in range(args.runs):
        wall, peak, sample = measure(command, payload)
        walls.append(wall)
        peaks.append(peak)
    print(f"command:      {' '.join(command)}")
    print(f"runs:         {args.runs} (+{args.warmup} warm-up)")
    print(f"wall median:  {statistics.median(walls) * 1000:.1f} ms "
          f"(min {min(walls) * 1000:.1f}, max {max(walls) * 1000:.1f})")
    print(f"peak RSS:     median {statistics.median(peaks) / 1024:.1f} MiB, max {max(peaks) / 1024:.1f} MiB")
    print(f"output:       {sample.decode('utf-8', errors='replace').strip()[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
