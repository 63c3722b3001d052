"""The store's own CPU per operation, without the disk's noise (see bench/README.md).

    python -m bench.bench_store_cpu                  # 30,000 contacts
    python -m bench.bench_store_cpu --size 10000 --runs 9

Wall times of changes are dominated by fsync latency, which on a shared machine varies
tenfold; CPU time (`time.process_time`) is what the store's code costs. For a generated
board and for an empty one (one contact) it prints, as medians, the CPU of opening and
reading every contact (fresh interpreter each run), of resolving a name (`find`, fresh
interpreter), and of `log` and `move` in a long-lived store with the shards touched
cached (as on the board), each against the empty board measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from board.model import Contact, Kind, Stage
from board.store import Store

CHILD = """
import sys, time
from board.store import Store
t0 = time.process_time(); s = Store(sys.argv[1]); n = len(s.contacts()); t1 = time.process_time()
t2 = time.process_time(); s2 = Store(sys.argv[1]); s2.find(sys.argv[2]); t3 = time.process_time()
print(t1 - t0, t3 - t2)
"""


def fresh(root: Path, name: str, runs: int) -> tuple[float, float]:
    """Median CPU seconds of open + contacts(), and of open + find(name), in new interpreters."""
    opens, finds = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", CHILD, str(root), name], capture_output=True,
                             text=True, check=True).stdout.split()
        opens.append(float(out[0]))
        finds.append(float(out[1]))
    return statistics.median(opens), statistics.median(finds)


def changes(root: Path, runs: int) -> tuple[float, float]:
    """Median CPU seconds of a log and of a move, shards cached (a long-lived store)."""
    store = Store(root)
    targets = store.contacts()[:: max(1, len(store.contacts()) // 20)][:20]
    for c in targets:
        store.log(c.id, Kind.NOTE, "warm-up")  # loads and caches the shards touched
    logs, moves = [], []
    for n in range(runs):
        c = targets[n % len(targets)]
        t = time.process_time()
        store.log(c.id, Kind.CALL, f"benchmark {n}")
        logs.append(time.process_time() - t)
        t = time.process_time()
        store.move(c.id, Stage.TALKED if store.get(c.id).stage != Stage.TALKED else Stage.MET)
        moves.append(time.process_time() - t)
    store.close()
    return statistics.median(logs), statistics.median(moves)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="trustboard store CPU per operation")
    parser.add_argument("--size", type=int, default=30000, help="contacts (10 interactions each)")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="trustboard-cpu-"))
    try:
        empty = work / "empty"
        Store(empty).add_contact(Contact(id="0" * 32, name="Solo Person"))
        big = work / "big"
        store = generate(big, args.size, 10)
        counts: dict[str, int] = {}
        for c in store.contacts():
            counts[c.name.lower()] = counts.get(c.name.lower(), 0) + 1
        who = next(c.name for c in store.contacts() if counts[c.name.lower()] == 1)
        store.close()
        time.sleep(2.1)  # past the racy window, as files are a moment after a change
        writer = Store(big)
        someone = writer.find(who)
        other = Stage.TRUSTED if someone.stage != Stage.TRUSTED else Stage.MET
        writer.move(someone.id, other)  # a change: its writer records the name index
        writer.close()
        e_open, e_find = fresh(empty, "Solo Person", args.runs)
        b_open, b_find = fresh(big, who, args.runs)
        e_log, e_move = changes(empty, args.runs * 3)
        b_log, b_move = changes(big, args.runs * 3)
        print(f"trustboard store CPU — {args.size:,} contacts vs an empty board, medians of {args.runs}+")
        for label, b, e in (("open + contacts()", b_open, e_open), ("open + find(name)", b_find, e_find),
                            ("log (shards cached)", b_log, e_log), ("move (shards cached)", b_move, e_move)):
            print(f"  {label:<22} {b * 1000:7.1f} ms  vs empty board {e * 1000:6.1f} ms  → ×{b / e:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
