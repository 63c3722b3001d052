"""A 200-action session on the board in a real terminal, every action beside `j`.

    python -m bench.bench_session DIR [DIR ...]          # data dirs made by bench/generate.py
    python -m bench.bench_session --sizes 10000,30000    # generate them first (under --work)

For each board it starts the installed `trustboard` in tmux (120×40) on a copy of the
data, takes the day's backup with one log, then runs 16 cycles of 14 actions:
`j` `j` `k`, a stage move (`L`, then `H` back), log (`i`, a note, `enter`), edit (`e`,
change the title, `enter`), filter (`/`, type "lima", `esc`), `esc` again with nothing to
clear (the key's own cost: a lone esc waits out the escape delay), Today (`t`, `esc`).
It prints, per action, the median and 90th percentile of the wall time from the key to
settled (the board's main thread idle for 30 ms, 200 ms for the filter's typing, whose pause
is 120 ms, and the screen showing the result) and of the CPU it cost (every thread), each
as a multiple of `j` measured in the same session; then what the session left behind:
objects alive after a full collection, Textual widgets and footer keys among them, the
full collections it ran (and their pauses), and resident memory. A bare Textual app
(`bare_app.py --modal`) runs as many dialog open/close cycles first: its figures are the
baseline for the screen cycles and for the growth.

`--before PYTHON` (an interpreter with another trustboard installed, e.g. a checkout of
main in a venv of its own) runs each board's session with it too, alternating with this
one `--rounds` times, and ends with the actions' medians of both side by side.

`--reopened` opens each copy once first and quits: a board as its user opened it the day
before, whose card file holds (copied, every file is new to it, so the board is built from
the shards themselves, as on its first open or after an import).

`--trace` runs the board under bench/trace.py and says, per action, which of its slowest
runs a full collection, a young one over 2 ms, a background thread's work, a step of the
standings' reading or their landing fell in, and what the collector holds at the end.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.terminal import Terminal, Timing

HERE = Path(__file__).resolve().parent
PROBE = f"{sys.executable} {HERE / 'probe.py'}"
CYCLES = 16
REST = 3.0  # seconds without a key before the session's last memory figure (the board's idle: 1.5 s)

Shows = Callable[[str], bool]
LOG_FORM = "1-7 kind"  # the log form's help line
EDIT_FORM = "tab next field"  # the contact form's help line
FILTER_BOX = "filter: words"  # the filter box's placeholder
FILTERED = re.compile(r"filter: \d+ shown")  # the board header while a filter applies
COUNTS = re.compile(r"(?:Met|Talked|Gave value|Trusted) \((\d+)\)")  # the column titles


def counts(screen: str) -> list[str]:
    return COUNTS.findall(screen)


def unfiltered(whole: list[str]) -> Shows:
    """The filter cleared: no box, no "filter: N shown", every column's count as before."""
    return lambda screen: not FILTERED.search(screen) and FILTER_BOX not in screen and counts(screen) == whole


def filtered(before: list[str]) -> Shows:
    """The filter applied: the header says so, or (a notice covering the header's right
    end, where that is) the columns' counts changed from `before`."""
    return lambda screen: bool(FILTERED.search(screen)) or counts(screen) not in ([], before)
TODAY = ("to reach out to", "Nobody is due today")


def on(text: str) -> Shows:
    return lambda screen: text in screen


def off(text: str) -> Shows:
    return lambda screen: text not in screen


def today_open(screen: str) -> bool:
    return any(marker in screen for marker in TODAY)


def today_closed(screen: str) -> bool:
    return not today_open(screen) and "due today" in screen


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


class Probe:
    """The memory probe's lines (see probe.py), one per `take`."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"probe-{time.monotonic_ns()}.jsonl"

    def take(self, term: Terminal) -> dict[str, float]:
        lines = self.path.read_text().splitlines() if self.path.exists() else []
        term.signal()
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            now = self.path.read_text().splitlines() if self.path.exists() else []
            if len(now) > len(lines):
                term.settle(0.1)
                counts = json.loads(now[-1])
                counts.update({k: v for k, v in term.memory_kib().items()})
                return counts
            time.sleep(0.01)
        raise RuntimeError("the memory probe did not answer")


def session(term: Terminal, cycles: int) -> dict[str, list[Timing]]:
    """The board's session; the timings of each measured action."""
    out: dict[str, list[Timing]] = {}

    def act(name: str | None, keys: str, *, literal: bool = False, shows: Shows | None = None,
            quiet: float = 0.03) -> None:
        timing = term.act(keys, literal=literal, shows=shows, quiet=quiet)
        if name:
            out.setdefault(name, []).append(timing)

    for n in range(cycles):
        act("j (one card down)", "j")
        act("j (one card down)", "j")
        act("k (one card up)", "k")
        act("move (L / H)", "L" if n % 2 == 0 else "H")
        act("log open (i)", "i", shows=on(LOG_FORM))
        act(None, "6")  # a note: no stage question follows
        act(None, f"bench note {n}", literal=True)
        act("log close (enter)", "Enter", shows=off(LOG_FORM))
        act("edit open (e)", "e", shows=on(EDIT_FORM))
        act(None, "Tab")
        act(None, "Tab")
        act(None, str(n % 10), literal=True)  # the title changes
        act("edit close (enter)", "Enter", shows=off(EDIT_FORM))
        whole = counts(term.screen())  # the columns' counts, no filter
        act("filter open (/)", "/", shows=on(FILTER_BOX))
        act("filter type (lima)", "lima", literal=True, quiet=0.2, shows=filtered(whole))
        # (no typing pause to wait out: a clear filters at once, or the columns would not
        # show the whole counts yet; a 200 ms window would only catch the board's timers)
        act("filter clear (esc)", "Escape", shows=unfiltered(whole))
        # The same key with no filter to clear: what an esc costs by itself (a lone esc waits
        # out the escape delay, 5 ms here), the floor under the clear.
        act("esc, nothing to clear", "Escape")
        act("Today open (t)", "t", shows=today_open)
        act("Today close (esc)", "Escape", shows=today_closed)
    return out


def bare_session(term: Terminal, cycles: int) -> dict[str, list[Timing]]:
    out: dict[str, list[Timing]] = {}
    for n in range(cycles):
        out.setdefault("dialog open (m)", []).append(term.act("m", shows=on("bare dialog open")))
        term.act(f"x{n}", literal=True)
        out.setdefault("dialog close (enter)", []).append(
            term.act("Enter", shows=off("bare dialog open")))
    return out


def print_timings(timings: dict[str, list[Timing]], base: list[Timing] | None) -> None:
    """Per action: wall (to settled) and CPU, median and p90, as multiples of `base`'s
    medians; and, for an action whose result the screen is checked for, the median time
    until the screen showed it (the wait a user sees: settled also waits out whatever the
    board did next, a cursor blink in the filter box, say)."""
    base_wall = statistics.median(t.wall for t in base) if base else None
    base_cpu = statistics.median(t.cpu for t in base) if base else None
    print(f"  {'action':<20} {'n':>3}  {'wall ms: median':>15} {'p90':>6}  {'CPU ms: median':>14} {'p90':>6}"
          + ("   median ×j: wall   CPU" if base else "") + "   shown ms: median")
    for name, values in timings.items():
        wall = [t.wall * 1000 for t in values]
        cpu = [t.cpu * 1000 for t in values]
        line = (f"  {name:<20} {len(values):>3}  {statistics.median(wall):15.1f} {p90(wall):6.1f}"
                f"  {statistics.median(cpu):14.1f} {p90(cpu):6.1f}")
        if base_wall and base_cpu:
            line += (f"   {statistics.median(wall) / (base_wall * 1000):10.1f}×"
                     f" {statistics.median(cpu) / (base_cpu * 1000):5.1f}×")
        shown = [t.shown * 1000 for t in values if t.shown is not None]
        if len(shown) == len(values):
            line += f"   {statistics.median(shown):17.1f}"
        print(line)


def print_growth(start: dict[str, float], end: dict[str, float], cycles: int, what: str) -> None:
    print(f"  after {what}: objects tracked {start['tracked']:,.0f} → {end['tracked']:,.0f} "
          f"({end['tracked'] - start['tracked']:+,.0f}; {start['frozen']:,.0f} frozen → {end['frozen']:,.0f}); "
          f"widgets {start['widgets']:,.0f} → {end['widgets']:,.0f}; "
          f"footer keys {start['footer_keys']:,.0f} → {end['footer_keys']:,.0f}")
    full = end["full_collections"] - start["full_collections"]
    counted = end["gen2_collections"] - start["gen2_collections"]
    print(f"  full collections during it: {full:.0f} (CPython counts {counted:.0f}; "
          f"{end['full_gc_ms'] - start['full_gc_ms']:.0f} ms in all, the longest {end['full_gc_max_ms']:.0f} ms)")
    print(f"  RSS {start['VmRSS'] / 1024:.0f} → {end['VmRSS'] / 1024:.0f} MiB "
          f"({(end['VmRSS'] - start['VmRSS']) / 1024:+.0f}), peak {end['VmHWM'] / 1024:.0f} MiB"
          + (f"; at rest {REST:.0f} s later {end['rested_kib'] / 1024:.0f} MiB" if "rested_kib" in end else ""))
    if "trim_ms" in end:
        print(f"  of it, given back by malloc_trim at the probe: start {start['rss_before_trim_kib'] / 1024:.0f} → "
              f"{start['VmRSS'] / 1024:.0f} MiB ({start['trim_ms']:.1f} ms), "
              f"end {end['rss_before_trim_kib'] / 1024:.0f} → {end['VmRSS'] / 1024:.0f} MiB ({end['trim_ms']:.1f} ms)")
    if "pymalloc_arenas" in end:
        print("  allocators, start → end (MiB): "
              + "; ".join(f"{label} {start.get(key, 0) / 2**20:.0f} → {end.get(key, 0) / 2**20:.0f}"
                          for label, key in (("pymalloc arenas", "pymalloc_arenas"),
                                             ("in use in them", "pymalloc_used"),
                                             ("glibc heap in use", "heap_used"),
                                             ("free in it", "heap_free"),
                                             ("mmapped", "heap_mmap"))))


def run_bare(work: Path, cycles: int) -> dict[str, dict[str, float]]:
    probe = Probe(work)
    with Terminal(f"{PROBE} {probe.path} {HERE / 'bare_app.py'} --modal") as term:
        term.wait_for(on("bare app ready"))
        term.settle(0.3)
        start = probe.take(term)
        started = time.perf_counter()
        timings = bare_session(term, cycles)
        took = time.perf_counter() - started
        end = probe.take(term)
    print(f"\n== bare Textual app (bare_app.py --modal): {cycles} dialog cycles in {took:.1f} s")
    print_timings(timings, None)
    print_growth(start, end, cycles, f"{cycles} dialog cycles")
    return {"start": start, "end": end}


def read_trace(path: Path) -> list[dict[str, float]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def print_trace(timings: dict[str, list[Timing]], events: list[dict[str, float]], since: float) -> None:
    """Which actions a full collection or the standings' landing fell in (an event is in an
    action if it started between the key and settled), and each action's two longest."""
    def within(t: Timing) -> list[dict[str, float]]:
        """Events that started in the action, or (a thread's work) overlapped it."""
        return [e for e in events if t.start <= e["start"] <= t.start + t.wall
                or (e["what"] == "thread" and "Standings" not in str(e.get("work"))
                    and e["start"] < t.start < e["start"] + e["ms"] / 1000)]

    for heap in (e for e in events if e["what"] == "heap"):
        print(f"  heap at the end ({heap['frozen']:,} frozen): " + ", ".join(f"{k} {n:,}" for k, n in heap["top"][:16]))
        for line in heap["big"]:
            print(f"    {line}")
    session = [e for e in events if e["start"] >= since and e["what"] != "heap"]
    gcs = [e for e in session if e["what"] == "gc"]
    pauses = ", ".join(f"{e['ms']:.0f}" for e in gcs)
    print(f"  trace: {len(gcs)} full collections in the session ({sum(1 for e in gcs if e['idle'])} idle; "
          f"ms: {pauses}); standings landing: "
          + (", ".join(f"{e['ms']:.0f} ms at +{e['start'] - since:.1f} s" for e in events if e["what"] == "landing")
             or "none"))
    for name, values in timings.items():
        hit = [(t, within(t)) for t in values]
        longest = sorted(hit, key=lambda pair: pair[0].wall, reverse=True)[:3]
        cells = []
        for t, found in longest:
            what = ", ".join(f"{e['what']}{'(idle)' if e.get('idle') else ''} {e['ms']:.0f}"
                             + (f" {e['work']}" if "work" in e else "") for e in found)
            cells.append(f"{t.wall * 1000:.0f} ms" + (f" [{what}]" if what else ""))
        with_gc = sum(1 for _, found in hit if any(e["what"] == "gc" for e in found))
        with_landing = sum(1 for _, found in hit if any(e["what"] == "landing" for e in found))
        print(f"  {name:<20} full GC in {with_gc:>2}, landing in {with_landing}; longest: {'; '.join(cells)}")


def reopen(python: str, copy: Path, config: Path) -> None:
    """Open the board on `copy` once and quit, as a user did yesterday: its card file then
    holds for the copy's files (copied, every shard is another file to it)."""
    cards = copy / "cards.json"
    before = cards.stat().st_mtime_ns if cards.exists() else 0
    unread = copy.parent / "reopen-probe.jsonl"  # (the probe only runs the board here)
    with Terminal(f"{python} {HERE / 'probe.py'} {unread} trustboard --data {copy}",
                  env={"TRUSTBOARD_CONFIG": str(config)}) as term:
        term.wait_for(on("due today"))
        deadline = time.perf_counter() + 120
        while (not cards.exists() or cards.stat().st_mtime_ns == before) and time.perf_counter() < deadline:
            time.sleep(0.1)  # the card file is saved in a thread after the first frame
        time.sleep(1.0)
        term.send("q")
        time.sleep(2)


def run_board(data: Path, work: Path, cycles: int, python: str = sys.executable,
              label: str = "", trace: bool = False, reopened: bool = False) -> dict[str, list[Timing]]:
    copy = work / f"{data.name}-session"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy, symlinks=True)
    # The copy's pages written out now: a board's first changes would otherwise wait behind
    # hundreds of megabytes of write-back (their fsyncs), as no user's board does.
    os.sync()
    probe = Probe(work)
    config = work / "no-config.toml"  # defaults, whatever the user's config says
    if reopened:
        reopen(python, copy, config)
    # (with TRUSTBOARD_PROBE_TRACEMALLOC set, where the memory went, at the start and the end)
    traced = {k: v for k, v in os.environ.items() if k == "TRUSTBOARD_PROBE_TRACEMALLOC"}
    trace_path = work / f"trace-{time.monotonic_ns()}.jsonl"
    launcher = f"{HERE / 'trace.py'} {trace_path}" if trace else f"{HERE / 'probe.py'}"
    try:
        with Terminal(f"{python} {launcher} {probe.path} trustboard --data {copy}",
                      env={"TRUSTBOARD_CONFIG": str(config), **traced}) as term:
            term.wait_for(on("due today"))
            term.settle(0.3)
            # The day's first change takes the daily backup (every file, once): not a key's cost.
            term.act("i", shows=on(LOG_FORM))
            term.act("6")
            term.act("warm-up note", literal=True)
            term.act("Enter", shows=off(LOG_FORM))
            term.settle(0.5)
            start = probe.take(term)
            started = time.perf_counter()
            timings = session(term, cycles)
            took = time.perf_counter() - started
            end = probe.take(term)
            # The same board left alone (no key for REST seconds: the board's idle work, a
            # full collection if due and the heap's free memory given back, has run).
            time.sleep(REST)
            end["rested_kib"] = probe.take(term)["VmRSS"]
            if trace:  # what the collector holds at the end (bench/trace.py)
                term.signal(signal.SIGRTMIN)
                term.settle(0.5)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    count = sum(len(v) for v in timings.values())
    print(f"\n== {data.name}{label}: {count} actions in {cycles} cycles, {took:.1f} s "
          "(wall: key to settled; CPU: every thread of the board)")
    print_timings(timings, timings["j (one card down)"])
    print_growth(start, end, cycles, f"{count} actions ({3 * cycles} screen cycles)")
    if trace:
        print_trace(timings, read_trace(trace_path), started)
    allocations = Path(f"{probe.path}.tracemalloc.txt")
    if allocations.exists():
        print(allocations.read_text(encoding="utf-8"))
    return timings


def print_comparison(name: str, runs: dict[str, list[dict[str, list[Timing]]]]) -> None:
    """Each action's wall median (ms, and ×j of its own session) per side, every round."""
    print(f"\n== {name}: wall median ms (×j of the same session) and p90 ms, round by round")
    sides = list(runs)
    actions = list(runs[sides[0]][0])
    print(f"  {'action':<20} " + "  ".join(f"{side:>26}" for side in sides))
    for action in actions:
        cells = []
        for side in sides:
            parts = []
            for timings in runs[side]:
                wall = [t.wall * 1000 for t in timings[action]]
                j = statistics.median(t.wall * 1000 for t in timings["j (one card down)"])
                parts.append(f"{statistics.median(wall):.1f} ({statistics.median(wall) / j:.1f}×) {p90(wall):.0f}")
            cells.append(" | ".join(parts))
        print(f"  {action:<20} " + "  ".join(f"{c:>26}" for c in cells))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--sizes", default="", help="comma-separated sizes to generate, e.g. 10000,30000")
    parser.add_argument("--cycles", type=int, default=CYCLES, help="14 actions each (default 16: 224 actions)")
    parser.add_argument("--work", type=Path, default=None, help="where generated data goes (default: a temp dir)")
    parser.add_argument("--before", default="", help="an interpreter with another trustboard: its sessions alternate with these")
    parser.add_argument("--rounds", type=int, default=1, help="with --before: sessions of each, alternating (default 1)")
    parser.add_argument("--trace", action="store_true",
                        help="say which actions a full collection or the standings' landing fell in (bench/trace.py)")
    parser.add_argument("--no-bare", action="store_true", help="leave out the bare Textual app's session")
    parser.add_argument("--reopened", action="store_true",
                        help="open each copy once first, as a board opened yesterday (its card file holds)")
    args = parser.parse_args(argv)
    from bench.bench_tui import generated

    work = args.work or Path(tempfile.mkdtemp(prefix="trustboard-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    dirs = list(args.dirs) + [generated(work, int(s)) for s in args.sizes.split(",") if s]
    if not dirs:
        parser.error("give data directories or --sizes")
    scratch = Path(tempfile.mkdtemp(prefix="trustboard-session-", dir=work))
    try:
        if not args.no_bare:
            run_bare(scratch, 3 * args.cycles)
        for data in dirs:
            if not args.before:
                run_board(data, scratch, args.cycles, trace=args.trace, reopened=args.reopened)
                continue
            runs: dict[str, list[dict[str, list[Timing]]]] = {"before": [], "after": []}
            for n in range(max(1, args.rounds)):
                runs["before"].append(run_board(data, scratch, args.cycles, args.before, f" (before, round {n + 1})",
                                                trace=args.trace, reopened=args.reopened))
                runs["after"].append(run_board(data, scratch, args.cycles, label=f" (after, round {n + 1})",
                                               trace=args.trace, reopened=args.reopened))
            print_comparison(data.name, runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
