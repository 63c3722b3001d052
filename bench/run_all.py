"""Every benchmark in one run: the figures issue targets are judged by.

    python bench/run_all.py                      # 1,000 / 10,000 / 30,000 contacts
    python bench/run_all.py --sizes 10000 --runs 3

Runs, one after the other (so they do not compete for the machine):
1. bench_tui.py   — first paint and peak RSS vs a bare Textual app; CPU per key
                    (move, log, edit, filter, scroll) vs the sample board;
2. bench_store.py — store open, per-change cost and bytes written, `trustboard log`
                    from the CLI vs an empty board;
3. bench_import.py — 30,000-row LinkedIn import, 10,000 / 100,000 JSON import.
Every figure is printed beside its baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,30000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="keep generated data here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="trustboard-bench-"))
    steps = [
        ("board", [HERE / "bench_tui.py", "--sizes", args.sizes, "--runs", str(args.runs), "--work", str(work / "tui")]),
        ("store and CLI", [HERE / "bench_store.py", "--sizes", args.sizes, "--runs", str(max(args.runs, 5)), "--keep", str(work / "store")]),
        ("import", [HERE / "bench_import.py", "--keep", str(work / "import")]),
    ]
    for title, command in steps:
        print(f"\n######## {title}", flush=True)
        subprocess.run([sys.executable, *map(str, command)], check=True)


if __name__ == "__main__":
    main()
