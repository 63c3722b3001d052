"""The log form's close on the board, this trustboard against another, sessions alternating.

    python -m bench.bench_log_close DIR [DIR ...] --before PYTHON [--rounds 3] [--cycles 20]

PYTHON is an interpreter with another trustboard installed (e.g. a checkout of main in a
venv of its own: `git archive main | tar -x -C DIR`, then `pip install DIR`). For each data dir
(made by bench/generate.py) it runs `--rounds` sessions of each side, alternating, each
in a real terminal (tmux, 120×40, default options) on a fresh copy of the data: after
a warm-up log (the day's backup), `--cycles` times `j` (the baseline: one card down),
`i` (log open), `6` (a note: no stage question follows), a summary, `enter` (log close).
It prints each side's log open and close, wall (key to settled, as bench_session) and
CPU (every thread of the board and of its child processes), median and 90th
percentile pooled over its rounds, each also as a multiple of `j` from the same
sessions, then close's ratio after / before. A bare Textual app's dialog close
(bare_app.py --modal) runs first, as the floor a modal screen's close has.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_session import HERE, LOG_FORM, Probe, bare_session, off, on, p90
from bench.terminal import Terminal, Timing

ACTIONS = ("j (one card down)", "log open (i)", "log close (enter)")


def log_session(data: Path, work: Path, cycles: int, python: str) -> dict[str, list[Timing]]:
    copy = work / f"{data.name}-log"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy, symlinks=True)
    time.sleep(2.1)  # a copied data dir is racy for two seconds: not the log's cost
    config = work / "no-config.toml"  # defaults, whatever the user's config says
    out: dict[str, list[Timing]] = {name: [] for name in ACTIONS}
    try:
        with Terminal(f"{python} {HERE / 'probe.py'} {Probe(work).path} trustboard --data {copy}",
                      env={"TRUSTBOARD_CONFIG": str(config)}) as term:
            term.wait_for(on("due today"))
            term.settle(0.3)
            term.act("i", shows=on(LOG_FORM))  # the day's backup: not a key's cost
            term.act("6")
            term.act("warm-up note", literal=True)
            term.act("Enter", shows=off(LOG_FORM))
            term.settle(0.5)
            for n in range(cycles):
                out[ACTIONS[0]].append(term.act("j"))
                out[ACTIONS[1]].append(term.act("i", shows=on(LOG_FORM)))
                term.act("6")
                term.act(f"bench note {n}", literal=True)
                out[ACTIONS[2]].append(term.act("Enter", shows=off(LOG_FORM)))
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    return out


def figures(timings: list[Timing]) -> tuple[float, float, float, float]:
    wall = [t.wall * 1000 for t in timings]
    cpu = [t.cpu * 1000 for t in timings]
    return statistics.median(wall), p90(wall), statistics.median(cpu), p90(cpu)


def report(name: str, sides: dict[str, dict[str, list[Timing]]]) -> None:
    print(f"\n== {name}: pooled over the rounds (ms; ×j: median over median `j` of the same side)")
    print(f"  {'side':<7} {'action':<18} {'n':>3}  {'wall median':>11} {'p90':>6} {'×j':>5}"
          f"  {'CPU median':>10} {'p90':>6} {'×j':>5}")
    for side, timings in sides.items():
        j_wall, _, j_cpu, _ = figures(timings[ACTIONS[0]])
        for action in ACTIONS:
            wall, wall90, cpu, cpu90 = figures(timings[action])
            print(f"  {side:<7} {action:<18} {len(timings[action]):>3}  {wall:11.1f} {wall90:6.1f} {wall / j_wall:5.1f}"
                  f"  {cpu:10.1f} {cpu90:6.1f} {cpu / j_cpu:5.1f}")
    before, after = (figures(sides[s][ACTIONS[2]]) for s in ("before", "after"))
    print(f"  log close after / before: wall median {after[0] / before[0]:.2f}×, p90 {after[1] / before[1]:.2f}×, "
          f"CPU median {after[2] / before[2]:.2f}×, p90 {after[3] / before[3]:.2f}×")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--before", required=True, help="an interpreter with the other trustboard installed")
    parser.add_argument("--rounds", type=int, default=3, help="sessions of each side, alternating (default 3)")
    parser.add_argument("--cycles", type=int, default=20, help="log cycles per session (default 20)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="trustboard-log-close-"))
    try:
        with Terminal(f"{sys.executable} {HERE / 'probe.py'} {Probe(work).path} {HERE / 'bare_app.py'} --modal") as term:
            term.wait_for(on("bare app ready"))
            term.settle(0.3)
            bare = bare_session(term, args.cycles)
        wall, wall90, cpu, cpu90 = figures(bare["dialog close (enter)"])
        print(f"== bare Textual app, dialog close (enter), n={args.cycles}: wall median {wall:.1f} ms, "
              f"p90 {wall90:.1f}; CPU median {cpu:.1f}, p90 {cpu90:.1f}")
        for data in args.dirs:
            sides: dict[str, dict[str, list[Timing]]] = {s: {a: [] for a in ACTIONS} for s in ("before", "after")}
            for n in range(max(1, args.rounds)):
                for side, python in (("before", args.before), ("after", sys.executable)):
                    got = log_session(data, work, args.cycles, python)
                    close = figures(got[ACTIONS[2]])
                    print(f"  {data.name} round {n + 1} {side:<6}: log close wall median {close[0]:.1f} ms, "
                          f"p90 {close[1]:.1f}; CPU median {close[2]:.1f}", flush=True)
                    for action in ACTIONS:
                        sides[side][action] += got[action]
            report(data.name, sides)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
