"""Every benchmark in one run: the figures issue targets are judged by.

    python -m bench.run_all                      # 1,000 / 10,000 / 30,000 contacts, and 100,000
    python -m bench.run_all --sizes 10000 --runs 3 --big ""
    python bench/run_all.py ...                  # the same (this file needs no package)

Runs, one after the other (so they do not compete for the machine):
1. bench_tui.py     — first paint and peak RSS vs a bare Textual app (also at --big
                      contacts); CPU per key (move, log, edit, filter, scroll) vs the
                      sample board;
   bench_filter.py  — one filter pass (CPU) vs a bare scan of the same cards' texts;
2. bench_session.py — a 200-action session in tmux: Today open, filter type and clear,
                      log and edit close (median, 90th percentile) vs `j`; objects and
                      RSS growth over it vs a bare Textual app's dialog cycles (each
                      board opened once first, as the day before: `--reopened`);
3. bench_store.py   — store open, per-change cost vs an empty board and vs the physical
                      floor (same files, bytes and fsyncs), `trustboard log` from the CLI
                      vs an empty board;
4. bench_import.py  — 30,000-row LinkedIn import, 10,000 / 100,000 JSON import;
5. bench_outreach.py — ranking messages per contact on the sample and 30,000 contacts,
                      against the single-module outreach engine it replaced;
6. bench_method.py  — Today's queue with owed thanks and quiet requests vs by cadence
                      alone, on a dense and a sparse network (the standings' cost);
7. bench_sync.py    — `trustboard sync` at 10,000 contacts vs `git status` on the same
                      clone (skip with --sync-contacts 0).
Every figure is printed beside its baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import compileall
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compiled() -> None:
    """Write the bytecode of every module first, as `pip install` does for an installed copy.

    Without it, a checkout run where bytecode is not written (PYTHONDONTWRITEBYTECODE, a
    read-only tree) compiles each changed module from source at every start, and the start-up
    figures measure the compiler rather than trustboard (the bare Textual app it is compared
    with is installed, its bytecode compiled)."""
    for package in ("board", "widgets", "bench"):
        if not compileall.compile_dir(ROOT / package, quiet=1):
            raise SystemExit(f"could not compile {package}/")
    print("(bytecode of board/, widgets/ and bench/ compiled first, as an installed copy has it)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,30000")
    parser.add_argument("--big", default="100000", help="sizes for first paint and memory only ('' for none)")
    parser.add_argument("--session-sizes", default="10000,30000", help="boards for the session ('' for none)")
    parser.add_argument("--cycles", type=int, default=16, help="session cycles of 14 actions")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--first-paint-tool", type=Path, default=None,
                        help="time first paint with this script (e.g. first_paint.py)")
    parser.add_argument("--sync-contacts", type=int, default=10_000, help="board size for bench_sync (0: skip it)")
    parser.add_argument("--work", type=Path, default=None, help="keep generated data here")
    args = parser.parse_args()
    work = (args.work or Path(tempfile.mkdtemp(prefix="trustboard-bench-"))).resolve()
    tool = ["--first-paint-tool", str(args.first_paint_tool.resolve())] if args.first_paint_tool else []
    steps = [
        ("board", ["bench.bench_tui", "--sizes", args.sizes, "--paint-sizes", args.big,
                   "--runs", str(args.runs), "--work", str(work / "tui"), *tool]),
        ("filter pass", ["bench.bench_filter", "--sizes", args.sizes, "--runs", str(max(args.runs, 5)),
                         "--work", str(work / "tui")]),
        ("session", ["bench.bench_session", "--sizes", args.session_sizes, "--cycles", str(args.cycles),
                     "--work", str(work / "tui"), "--reopened"]),
        ("store and CLI", ["bench.bench_store", "--sizes", args.sizes, "--runs", str(max(args.runs, 5)),
                           "--keep", str(work / "store")]),
        ("import", ["bench.bench_import", "--keep", str(work / "import")]),
        ("outreach ranking", ["bench.bench_outreach", "--rounds", str(max(args.runs, 7))]),
        ("method (standings)", ["bench.bench_method", "--sizes", *args.sizes.split(",")[-1:],
                                "--rounds", str(args.runs)]),
        ("sync", ["bench.bench_sync", "--contacts", str(args.sync_contacts), "--runs", str(args.runs),
                  "--work", str(work / "sync")]),
    ]
    started = time.perf_counter()
    compiled()
    for title, command in steps:
        if (title == "session" and not args.session_sizes) or (title == "sync" and not args.sync_contacts):
            continue
        print(f"\n######## {title}", flush=True)
        step = time.perf_counter()
        subprocess.run([sys.executable, "-m", *command], check=True, cwd=ROOT)
        print(f"({title}: {time.perf_counter() - step:.0f} s)", flush=True)
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s; data in {work}")


if __name__ == "__main__":
    main()
