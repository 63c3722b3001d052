"""`trustboard unlog` against `trustboard log` on a large store, as a user runs them.

    python -m bench.bench_unlog DIR            # a data dir made by bench/generate.py
    python -m bench.bench_unlog --contacts 30000

Each round logs a note with one contact (the baseline) and then deletes one of that
contact's older interactions by its 8-character prefix, as `show` prints it; both run the
installed `trustboard` in a subprocess. It prints the median wall time of each and
unlog's as a multiple of log's, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate

TRUSTBOARD = Path(sys.executable).with_name("trustboard")


def _run(*args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([str(TRUSTBOARD), *args], capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, nargs="?", help="a generated data directory")
    parser.add_argument("--contacts", type=int, default=30000, help="generate this many first")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    root = args.dir
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="bench-unlog-")) / "data"
        generate(root, args.contacts)
    people = json.loads(_run("--data", str(root), "list", "--json")[1])
    _run("--data", str(root), "log", people[0]["id"], "the day's backup, before timing")
    logs: list[float] = []
    unlogs: list[float] = []
    for person in people[1:args.rounds + 1]:
        shown = json.loads(_run("--data", str(root), "show", person["id"], "--json")[1])
        oldest = shown["interactions"][0]["id"][:8]
        logs.append(_run("--data", str(root), "log", person["id"], "bench note")[0])
        unlogs.append(_run("--data", str(root), "unlog", oldest, "--yes")[0])
    log, unlog = statistics.median(logs), statistics.median(unlogs)
    print(f"{len(people):,} contacts, {args.rounds} rounds: log {log * 1000:.0f} ms, "
          f"unlog {unlog * 1000:.0f} ms = {unlog / log:.2f} × log")


if __name__ == "__main__":
    main()
