"""One filter pass over the board's cards, in CPU, beside a bare scan of the same texts.

    python -m bench.bench_filter DIR [DIR ...]        # data dirs made by bench/generate.py
    python -m bench.bench_filter --sizes 10000,30000  # generate them first (under --work)
    python -m bench.bench_filter DIR --before OTHER/bin/python --rounds 3  # against another version

A pass is what the board does once typing pauses: set the query on the board's view
(`board.view.BoardView`) and read its columns. The view is loaded and its cards' filter
text worked out first, as the board does when the filter box opens; the pass is then
timed (CPU, `time.process_time`) for words of one to four letters, each from the
unfiltered board, as medians over `--runs`; the baseline, timed alternately in the same
run, is the least any pass can cost: one Python `in` over every card's filter text
(`board.search.haystack`), keeping those that hold the word. "after a change" is the
same pass with one contact changed just before (`BoardView.update`, as a log or an edit
does): what the board's session does between two filters. No repaint is in it:
`bench_tui`'s filter key is the pass and the repaint.

`--before PYTHON` (an interpreter with another trustboard installed) times instead both
versions the same way, with `bench/filter_versions.py` run under each interpreter in turn
(`--rounds` times, alternating): each word's pass and clear, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.bench_tui import generated
from bench.filter_versions import timed
from board.config import Config
from board.search import haystack
from board.store import Store
from board.view import BoardView

WORDS = ["l", "li", "lim", "lima", "ana", "eng", "zzzz"]


def passes(root: Path, runs: int) -> tuple[int, dict[str, tuple[float, float, float, int]]]:
    """Contacts on the board; per word, the median CPU ms of one pass, of one pass after a
    change and of the bare scan, and the cards shown."""
    store = Store(root)
    contacts = store.contacts()
    view = BoardView(Config())
    view.load(contacts, store.clock().date())
    view.columns()
    view.prepare_filter()
    texts = [haystack(c) for c in contacts if not c.archived]
    changing = [c for c in contacts if not c.archived][: runs * len(WORDS)]
    found: dict[str, tuple[float, float, float, int]] = {}
    for word in WORDS:
        times, changed, scans, shown = [], [], [], 0
        for _ in range(runs):
            started = time.process_time()
            _kept = [text for text in texts if word in text]
            scans.append((time.process_time() - started) * 1000)
            timed(view, "")
            took, shown = timed(view, word)
            times.append(took)
            timed(view, "")
            person = changing.pop()
            view.update([replace(person, title=person.title + " x")])
            changed.append(timed(view, word)[0])
        found[word] = (statistics.median(times), statistics.median(changed), statistics.median(scans), shown)
    return len(contacts), found


def versions(root: Path, runs: int, before: str, rounds: int) -> None:
    """Both versions' passes and clears on `root`, alternating, as medians of the rounds."""
    script = str(Path(__file__).with_name("filter_versions.py"))
    got: dict[str, list[dict[str, list[float]]]] = {"before": [], "after": []}
    for _ in range(rounds):
        for name, python in (("before", before), ("after", sys.executable)):
            out = subprocess.run([python, script, str(root), str(runs)], check=True,
                                 capture_output=True, text=True).stdout
            got[name].append(json.loads(out.strip().splitlines()[-1]))
    print(f"\n== {root.name}: one filter pass and its clear, CPU ms (medians of {runs} runs, "
          f"then of {rounds} alternating rounds)")
    for word in got["after"][0]:
        old, new = ([statistics.median(r[word][k] for r in got[name]) for k in (0, 1)]
                    for name in ("before", "after"))
        shown = got["before"][0][word][2], got["after"][0][word][2]
        print(f"  {word!r:10} pass {old[0]:6.1f} → {new[0]:6.1f} ms (×{new[0] / old[0]:.2f})"
              f"   clear {old[1]:6.1f} → {new[1]:6.1f} ms   shown {shown[0]:,} → {shown[1]:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--sizes", default="", help="comma-separated sizes to generate, e.g. 10000,30000")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--work", type=Path, default=None, help="where generated data goes (default: a temp dir)")
    parser.add_argument("--before", default="", help="an interpreter with another trustboard: both timed alike")
    parser.add_argument("--rounds", type=int, default=3, help="with --before: runs of each, alternating")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="trustboard-bench-"))
    dirs = list(args.dirs) + [generated(work, int(s)) for s in args.sizes.split(",") if s]
    for root in dirs:
        if args.before:
            versions(root, args.runs, args.before, args.rounds)
            continue
        size, found = passes(root, args.runs)
        print(f"\n== {root.name}: {size:,} contacts — one filter pass, CPU (median of {args.runs})")
        for word, (ms, after, scan, shown) in found.items():
            print(f"  {word!r:8} {ms:6.1f} ms, after a change {after:6.1f} ms  ({shown:>6,} shown)"
                  f"  vs bare scan {scan:5.1f} ms  → {ms / scan if scan else float('nan'):.2f}×")
        worst = max(max(ms, after) for ms, after, _, _ in found.values())
        print(f"  slowest pass {worst:.1f} ms")


if __name__ == "__main__":
    main()
