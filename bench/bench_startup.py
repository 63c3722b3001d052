"""Start-up of two trustboards side by side: first paint and peak RSS, each vs a bare Textual app.

    python -m bench.bench_startup DIR [DIR ...] --before OTHER/.venv/bin/trustboard --runs 5
    python -m bench.bench_startup DIR --before ... --no-front   # every open as the day's first

For a change to start-up, measured against the version before it in the same run: the
bare app (`bare_app.py`), this checkout's `trustboard` and the `--before` one start in
turn (bare, before, after, bare, before, after, ...) on each data directory, in tmux
at 120×40 (`bench_tui.paint`), so machine noise hits all three alike. Prints the
medians and each one's ratio to the bare app. Both trustboards are byte-compiled first
(as an installed one is) and each opens the board once, unmeasured (`bench_tui.warm`:
its card file written, as after any first open). Each trustboard opens its own copy of
the data directory (the shards hard-linked, the card file its own): two versions whose
card files differ would otherwise each find the other's file foreign, and rewrite it, at
every run.

The warm-up open also keeps the board's front in the card file (`board.front`: what the
first frame shows, for that day), so the measured opens are reopenings of an unchanged
board, painted from it. With `--no-front` the front is taken off the card file before
every open: each is then as the day's first, or the first after a change elsewhere
(which also re-reads the changed shard).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.bench_tui import BARE, TRUSTBOARD, compiled, paint, warm


@contextmanager
def copies(data: Path, names: list[str]) -> Iterator[dict[str, Path]]:
    """A copy of `data` per name: every file hard-linked (copied across file systems)
    but the card file, which each trustboard writes for itself."""
    with tempfile.TemporaryDirectory(prefix="tb-startup-") as work:
        made: dict[str, Path] = {}
        for name in names:
            target = Path(work) / name / data.name

            def link(source: str, destination: str) -> None:
                try:
                    os.link(source, destination)
                except OSError:
                    shutil.copy2(source, destination)

            shutil.copytree(data, target, copy_function=link, ignore=shutil.ignore_patterns("cards.json"))
            made[name] = target
        yield made


def strip_front(data: Path) -> None:
    """Take the board's front (the card file's last line, `board.front`) off its card file."""
    path = data / "cards.json"
    try:
        raw = path.read_bytes()
    except OSError:
        return
    start = raw.rfind(b"\n", 0, len(raw) - 1)
    if raw.endswith(b"\n") and start > raw.find(b"\n") and b'"front":' in raw[start:]:
        with open(path, "r+b") as handle:  # (cut in place and flushed: no writeback during the open)
            handle.truncate(start)
            os.fsync(handle.fileno())


def measure(
    data: Path, commands: dict[str, str], runs: int, no_front: bool = False,
) -> dict[str, tuple[float, float]]:
    """Median (seconds to first paint, peak RSS MiB) per command name, runs interleaved."""
    with copies(data, list(commands)) as dirs:
        for name, command in commands.items():
            compiled(command)
            warm(f"{command} --data {dirs[name]}", dirs[name])
        seconds: dict[str, list[float]] = {name: [] for name in ("bare", *commands)}
        rss: dict[str, list[float]] = {name: [] for name in seconds}
        for _ in range(runs):
            took, peak = paint(BARE, "bare app ready")
            seconds["bare"].append(took)
            rss["bare"].append(peak / 1024)
            for name, command in commands.items():
                if no_front:
                    strip_front(dirs[name])
                took, peak = paint(f"{command} --data {dirs[name]}", "due today")
                seconds[name].append(took)
                rss[name].append(peak / 1024)
    return {name: (statistics.median(seconds[name]), statistics.median(rss[name])) for name in seconds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="+", type=Path, help="data directories made by bench/generate.py")
    parser.add_argument("--before", required=True, help="the other trustboard command (the version before)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-front", action="store_true",
                        help="open every time without the board's front (as the day's first open)")
    args = parser.parse_args(argv)
    commands = {"before": args.before, "after": TRUSTBOARD}
    for data in args.dirs:
        found = measure(data, commands, args.runs, args.no_front)
        bare_s, bare_rss = found["bare"]
        how = "; without the front" if args.no_front else ""
        print(f"== {data}  (medians of {args.runs}{how}; bare Textual app {bare_s:.3f} s, {bare_rss:.0f} MiB)")
        for name in commands:
            took, peak = found[name]
            print(
                f"  {name:<6}  first paint {took:.3f} s → {took / bare_s:.2f}×   "
                f"peak RSS {peak:.0f} MiB → {peak / bare_rss:.2f}×"
            )


if __name__ == "__main__":
    os.environ.setdefault("TERM", "xterm-256color")
    main()
