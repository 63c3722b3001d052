"""Where one key's time goes: the board in tmux, profiled (pyinstrument) only while that key works.

    python -m bench.profile_keys DIR [--keys today,filter-clear,log-close,edit-close]
                                     [--repeat 8] [--out DIR]

For each key it starts the installed `trustboard` on a copy of DIR under bench/probe.py,
then `--repeat` times: sets the key up unprofiled (for log close: `i`, a note), starts the
profiler (SIGUSR2 to the probe), presses the key, waits until the board settled, stops the
profiler. It writes a call tree (OUT/KEY.profile.txt), functions by time including
callees and by own time (OUT/KEY.profile-total.txt, OUT/KEY.profile-flat.txt) and the
session (OUT/KEY.pyisession) of those stretches only, and prints the top lines of the
functions by time including callees. The profiler slows the board (every call is seen): read shares, not milliseconds.
pyinstrument is not a trustboard dependency: `pip install pyinstrument` into the venv.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.bench_session import (
    EDIT_FORM,
    FILTER_BOX,
    FILTERED,
    LOG_FORM,
    PROBE,
    off,
    on,
    today_closed,
    today_open,
)
from bench.terminal import Terminal

Setup = Callable[[Terminal, int], None]


def _today(term: Terminal, n: int) -> None:
    pass


def _after_today(term: Terminal, n: int) -> None:
    term.act("Escape", shows=today_closed)


def _open_today(term: Terminal, n: int) -> None:
    term.act("t", shows=today_open)


def _filter(term: Terminal, n: int) -> None:
    term.act("/", shows=on(FILTER_BOX))
    term.act("lima", literal=True, quiet=0.2, shows=lambda s: bool(FILTERED.search(s)))


def _log(term: Terminal, n: int) -> None:
    term.act("i", shows=on(LOG_FORM))
    term.act("6")
    term.act(f"profiled note {n}", literal=True)


def _log_next(term: Terminal, n: int) -> None:
    term.act("j")  # the next card, as in a session: most likely its interactions file is new to the board
    _log(term, n)


def _edit_next(term: Terminal, n: int) -> None:
    term.act("j")
    _edit(term, n)


def _edit(term: Terminal, n: int) -> None:
    term.act("e", shows=on(EDIT_FORM))
    term.act("Tab")
    term.act("Tab")
    term.act(str(n % 10), literal=True)


def _nothing(term: Terminal, n: int) -> None:
    pass


def _close(term: Terminal, n: int) -> None:
    term.act("Escape", shows=off(EDIT_FORM))


def _back(term: Terminal, n: int) -> None:
    term.act("H")  # the card moved by `L` goes back, so every round moves the same card


# name: (set up, the key, what it shows when done, quiet seconds, afterwards)
KEYS: dict[str, tuple[Setup, str, Callable[[str], bool], float, Setup]] = {
    "today": (_today, "t", today_open, 0.03, _after_today),
    "today-close": (_open_today, "Escape", today_closed, 0.03, _nothing),
    "filter-clear": (_filter, "Escape", lambda s: not FILTERED.search(s) and FILTER_BOX not in s, 0.2, _nothing),
    "log-close": (_log, "Enter", off(LOG_FORM), 0.03, _nothing),
    "edit-close": (_edit, "Enter", off(EDIT_FORM), 0.03, _nothing),
    "log-close-next": (_log_next, "Enter", off(LOG_FORM), 0.03, _nothing),
    "edit-close-next": (_edit_next, "Enter", off(EDIT_FORM), 0.03, _nothing),
    "j": (_nothing, "j", lambda s: True, 0.03, _nothing),
    "move": (_nothing, "L", lambda s: True, 0.03, _back),
    "edit-open": (_nothing, "e", on(EDIT_FORM), 0.03, _close),
}


def profile(data: Path, name: str, repeat: int, out: Path) -> Path:
    setup, key, shows, quiet, after = KEYS[name]
    copy = Path(tempfile.mkdtemp(prefix="tb-profile-")) / "data"
    shutil.copytree(data, copy, symlinks=True)
    prefix = out / name
    flat = Path(str(prefix) + ".profile-flat.txt")  # the probe writes it last
    flat.unlink(missing_ok=True)
    try:
        with Terminal(f"{PROBE} {prefix} trustboard --data {copy}",
                      env={"TRUSTBOARD_CONFIG": str(copy.parent / "none.toml")}) as term:
            term.wait_for(on("due today"))
            term.settle(0.3)
            _log(term, -1)  # the day's backup, outside the profile
            term.act("Enter", shows=off(LOG_FORM))
            term.settle(0.5)
            walls = []
            for n in range(repeat):
                setup(term, n)
                term.settle(0.1)
                term.signal(signal.SIGUSR2)  # start
                time.sleep(0.01)
                walls.append(term.act(key, shows=shows, quiet=quiet).wall)
                _stop(term, flat)
                term.settle(0.2)
                after(term, n)
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    walls.sort()
    print(f"\n== {name} ({key}) on {data.name}, {repeat} times: median {walls[len(walls) // 2] * 1000:.0f} ms "
          f"wall while profiled (the profiler slows it); call tree in {prefix}.profile.txt")
    return Path(str(prefix) + ".profile-total.txt")


def _stop(term: Terminal, flat: Path) -> None:
    before = flat.stat().st_mtime_ns if flat.exists() else 0
    term.signal(signal.SIGUSR2)
    deadline = time.perf_counter() + 30
    while not (flat.exists() and flat.stat().st_mtime_ns != before):
        if time.perf_counter() > deadline:
            raise RuntimeError("the profiler wrote nothing (is pyinstrument installed?)")
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--keys", default="today,filter-clear,log-close,edit-close",
                        help=f"comma-separated, of: {', '.join(KEYS)}")
    parser.add_argument("--repeat", type=int, default=8)
    parser.add_argument("--top", type=int, default=25, help="lines of the flat profile to print")
    parser.add_argument("--out", type=Path, default=None, help="where the profiles go (default: a temp dir)")
    args = parser.parse_args(argv)
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        sys.exit("error: needs pyinstrument in this venv (pip install pyinstrument)")
    out = (args.out or Path(tempfile.mkdtemp(prefix="trustboard-profile-"))).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for name in args.keys.split(","):
        flat = profile(args.data.resolve(), name, args.repeat, out)
        print("\n".join(flat.read_text().splitlines()[: args.top]))


if __name__ == "__main__":
    main()
