"""What the reconnect plan costs a small import into a big plan.

A store holds N imported LinkedIn connections, all waiting in the plan. Into copies of
it, the same run imports one old connection (appended after the last planned day: the
baseline, nothing else changes) and one person without a connection date (a vCard: it
goes to the front, so all N waiting people move back a day), in turns, best of R.

    .venv/bin/python -m bench.bench_reconnect [--connections 30000] [--runs 3]

Prints both times and their ratio.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.bench_import import write_connections
from board.importers import import_file
from board.store import Store

OLD = (
    "Notes:\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Olga,Oldtimer,https://www.linkedin.com/in/olga-oldtimer,,,,3 Mar 2011\r\n"
)
FRESH = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Met Yesterday\r\nEND:VCARD\r\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        big, old, fresh = root / "Connections.csv", root / "old.csv", root / "fresh.vcf"
        write_connections(big, args.connections, random.Random(5))
        old.write_text(OLD, encoding="utf-8")
        fresh.write_text(FRESH, encoding="utf-8")
        seed = root / "seed"
        summary = import_file(Store(seed), "linkedin", big)
        assert summary.reconnect is not None and summary.reconnect.count == args.connections
        best = {"old": float("inf"), "fresh": float("inf")}
        for run in range(args.runs):
            for label, path in (("old", old), ("fresh", fresh)):
                copy = root / f"{label}-{run}"
                shutil.copytree(seed, copy)
                store = Store(copy)
                start = time.perf_counter()
                done = import_file(store, None, path)
                best[label] = min(best[label], time.perf_counter() - start)
                assert done.reconnect is not None
                moved = done.reconnect.moved
                assert moved == (args.connections if label == "fresh" else 0), moved
                shutil.rmtree(copy)
    print(f"{args.connections:,} people waiting in the plan; best of {args.runs}:")
    print(f"  import 1 old connection (appended, nothing moves): {best['old']:.2f} s")
    print(f"  import 1 fresh person (all {args.connections:,} move back a day): {best['fresh']:.2f} s")
    print(f"  ratio fresh / old: {best['fresh'] / best['old']:.1f}x")


if __name__ == "__main__":
    main()
