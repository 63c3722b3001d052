"""One filter pass and its clear, with whichever trustboard the running interpreter has.

    python bench/filter_versions.py DIR RUNS    # prints one JSON line

Run by `bench_filter --before PYTHON` under each interpreter in turn, so that a version
without `bench_filter` (or with a different board view) is timed the same way: load the
board's view from the store, read its columns, then per word set the query and read the
columns again (the pass), and set an empty query and read them (the clear), CPU ms
medians over RUNS. It imports only `board`, which every version has, and what it calls
(`BoardView.load`, its `query` and `columns`) every version has too; the filter's
preparations that a version has (`prepare_filter`, `prepare_words`) are made first, as
its board makes them when the filter box opens.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from board.config import Config
from board.search import parse_query
from board.store import Store
from board.view import BoardView

WORDS = ["l", "li", "lim", "lima", "ana", "eng", "zzzz", "hoppper"]


def timed(view: BoardView, text: str) -> tuple[float, int]:
    """CPU ms of setting the view's query to `text` and reading its columns; the cards shown."""
    started = time.process_time()
    view.query = parse_query(text)
    columns = view.columns()
    return (time.process_time() - started) * 1000, sum(len(cards) for cards in columns.values())


def main() -> None:
    root, runs = Path(sys.argv[1]), int(sys.argv[2])
    view = BoardView(Config())
    view.load(Store(root).contacts(), date.today())
    view.columns()
    for prepare in ("prepare_filter", "prepare_words"):
        if hasattr(view, prepare):
            getattr(view, prepare)()
    view.query = parse_query("x")  # a first pass, unmeasured: a version that keeps texts makes them
    view.columns()
    found = {}
    for word in WORDS:
        passes, clears, shown = [], [], 0
        for _ in range(runs):
            timed(view, "")
            took, shown = timed(view, word)
            passes.append(took)
            clears.append(timed(view, "")[0])
        found[word] = [statistics.median(passes), statistics.median(clears), shown]
    print(json.dumps(found))


if __name__ == "__main__":
    main()
