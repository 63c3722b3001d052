"""The board at scale: first paint, per-key latency, peak memory — each against a baseline.

    python -m bench.bench_tui DIR [DIR ...]        # data dirs made by bench/generate.py
    python -m bench.bench_tui --sizes 1000,10000   # generate them in a temp dir first
    python -m bench.bench_tui --paint-sizes 100000 # first paint and memory only
    python -m bench.bench_tui DIR --first-paint-tool first_paint.py   # startup timed by that tool

Prints, for each data directory:
- first paint: median time until the board shows its cards in a real terminal (tmux),
  against a bare Textual app (Header + Static + Footer) started the same way, runs
  alternating so machine noise hits both;
- per key (Pilot, headless): move (`L`), log (`i`, a note, `enter`), edit (`e`, change
  the title, `enter`),
  typing a 4-letter filter word (filtered and repainted), and scrolling (`j`), each the median CPU time from key to saved
  and repainted (net of what an unbound key costs), against the same key on the sample
  board (60 people);
- peak RSS of the board process after it painted, against the bare Textual app.

With --first-paint-tool, the first-paint figure comes from that tool (it takes "CMD MARKER
--vs BASELINE_CMD BASELINE_MARKER -n RUNS" and prints medians and their ratio); the peak
RSS is still measured here.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent

TRUSTBOARD = str(Path(sys.executable).with_name("trustboard"))
BARE = f"{sys.executable} {HERE / 'bare_app.py'}"


# -- first paint and memory in a real terminal ---------------------------------------


def _tmux(*args: str, socket: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True)


def paint(command: str, marker: str, size: tuple[int, int] = (120, 40)) -> tuple[float, int]:
    """Seconds until `marker` shows, and the process's peak RSS (KiB) at that moment."""
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    marker_file = tempfile.mktemp(prefix="tb-pid-")
    wrapped = f"echo $$ > {marker_file}; exec {command}"
    start = time.perf_counter()
    _tmux("-f", "/dev/null", "new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), wrapped, socket=socket)
    try:
        while time.perf_counter() - start < 60:
            screen = _tmux("capture-pane", "-p", socket=socket).stdout
            if marker in screen:
                elapsed = time.perf_counter() - start
                time.sleep(0.3)  # let the first frame settle before reading memory
                pid = Path(marker_file).read_text().strip()
                rss = 0
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        rss = int(line.split()[1])
                return elapsed, rss
            time.sleep(0.005)
        raise SystemExit(f"{marker!r} never appeared running {command}")
    finally:
        _tmux("kill-server", socket=socket)
        Path(marker_file).unlink(missing_ok=True)
        Path(f"/tmp/tmux-{os.getuid()}/{socket}").unlink(missing_ok=True)


def compiled(command: str) -> None:
    """Byte-compile the `board` and `widgets` packages the trustboard `command` runs.

    An installed trustboard has them compiled (pip does it); an editable checkout run
    with PYTHONDONTWRITEBYTECODE set would compile them from source at every start,
    which the bare app (Textual, installed) never pays.
    """
    python = str(Path(command.split()[0]).with_name("python"))
    found = subprocess.run(
        [python, "-c", "import board, widgets; print(board.__path__[0]); print(widgets.__path__[0])"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    subprocess.run([python, "-m", "compileall", "-q", *found], capture_output=True, check=True)


def warm(command: str, data: Path, marker: str = "due today", wait: float = 20.0) -> None:
    """Open the board once and wait for its card file (written after the first paint), as
    a user's first open after an import or a change elsewhere does; not measured."""
    cards = data / "cards.json"
    before = cards.stat().st_mtime_ns if cards.exists() else None
    # A shard written in the last two seconds is not recorded (its stat key is racy).
    newest = max((p.stat().st_mtime for p in (data / "contacts").glob("*.json")), default=0.0)
    time.sleep(max(0.0, newest + 2.1 - time.time()))
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    _tmux("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", command, socket=socket)
    try:
        start = time.perf_counter()
        while time.perf_counter() - start < wait:
            if marker in _tmux("capture-pane", "-p", socket=socket).stdout:
                break
            time.sleep(0.05)
        while time.perf_counter() - start < wait:
            if cards.exists() and cards.stat().st_mtime_ns != before:
                break
            time.sleep(0.05)
        time.sleep(0.2)
    finally:
        _tmux("kill-server", socket=socket)
        Path(f"/tmp/tmux-{os.getuid()}/{socket}").unlink(missing_ok=True)


def first_paint(data: Path, runs: int) -> dict[str, float]:
    board, bare, board_rss, bare_rss = [], [], [], []
    env_data = f"{TRUSTBOARD} --data {data}"
    compiled(TRUSTBOARD)
    warm(env_data, data)
    for _ in range(runs):
        seconds, rss = paint(BARE, "bare app ready")
        bare.append(seconds)
        bare_rss.append(rss)
        seconds, rss = paint(env_data, "due today")
        board.append(seconds)
        board_rss.append(rss)
    return {
        "paint": statistics.median(board),
        "paint_bare": statistics.median(bare),
        "rss": statistics.median(board_rss) / 1024,
        "rss_bare": statistics.median(bare_rss) / 1024,
    }


def first_paint_tool(tool: Path, data: Path, runs: int) -> tuple[float, float]:
    """Medians (board, bare app) of seconds to first paint, as `tool` measures them."""
    out = subprocess.run(
        [sys.executable, str(tool), "-n", str(runs), "--vs", BARE, "bare app ready",
         f"{TRUSTBOARD} --data {data}", "due today"],
        capture_output=True, text=True, check=True,
    ).stdout
    found = re.search(r"cmd median ([\d.]+)s.*baseline median ([\d.]+)s", out)
    if found is None:
        raise SystemExit(f"{tool} printed {out!r}")
    return float(found[1]), float(found[2])


def print_paint(data: Path, runs: int, tool: Path | None) -> None:
    painted = first_paint(data, runs)
    how = "tmux"
    if tool is not None:
        painted["paint"], painted["paint_bare"] = first_paint_tool(tool, data, runs)
        how = tool.name
    print(
        f"first paint   {painted['paint']:.3f} s vs bare Textual app {painted['paint_bare']:.3f} s"
        f"  → {painted['paint'] / painted['paint_bare']:.2f}×  ({how}, medians of {runs})"
    )
    print(
        f"peak RSS      {painted['rss']:.0f} MiB vs bare Textual app {painted['rss_bare']:.0f} MiB"
        f"  → {painted['rss'] / painted['rss_bare']:.2f}×"
    )


# -- per-key latency with Pilot ------------------------------------------------------


async def _keys(data: Path, runs: int) -> dict[str, float]:
    from board.config import Config
    from board.store import Store
    from widgets.app import TrustboardApp

    store = Store(data)
    app = TrustboardApp(store, Config())
    timings: dict[str, list[float]] = {k: [] for k in ("noop", "move", "log", "edit", "filter", "scroll")}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        async def timed(name: str, *keys: str) -> None:
            # CPU time, not wall time: Pilot's waits between frames are idle, and the
            # machine is shared; what a key costs is the work it makes the board do.
            start = time.process_time()
            await pilot.press(*keys)
            await pilot.pause()
            timings[name].append(time.process_time() - start)

        for index in range(runs):
            await timed("noop", "z")  # an unbound key: what Pilot itself costs
            await timed("move", "L" if index % 2 == 0 else "H")
            await pilot.press("i")
            await pilot.pause()
            await pilot.press("6", *"bench note")
            await timed("log", "enter")
            await pilot.press("e")
            await pilot.pause()
            await pilot.press("tab", "tab", *f"{index}")  # change the title
            await timed("edit", "enter")
            await timed("scroll", "j")
        for _ in range(runs):
            # A word typed at speed; on a large board the filter runs once typing pauses.
            await pilot.press("slash")
            start = time.process_time()
            await pilot.press(*"lima")
            await pilot.pause(0.3)
            timings["filter"].append(time.process_time() - start)
            await pilot.press("escape")
            await pilot.pause()
        for _ in range(runs * 4):
            await timed("scroll", "j")
    return {name: statistics.median(values) for name, values in timings.items()}


def keys(data: Path, runs: int) -> dict[str, float]:
    return asyncio.run(_keys(data, runs))


def sample_dir(root: Path) -> Path:
    from board.sample import load_sample
    from board.store import Store

    target = root / "sample"
    if not target.exists():
        load_sample(Store(target))
    return target


def generated(root: Path, size: int) -> Path:
    from bench.generate import generate

    target = root / f"d{size}"
    if not target.exists():
        generate(target, size, 10)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--sizes", default="", help="comma-separated sizes to generate, e.g. 1000,10000,30000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--paint-sizes", default="", help="sizes for first paint and memory only, e.g. 100000")
    parser.add_argument("--first-paint-tool", type=Path, default=None,
                        help="time first paint with this script (e.g. first_paint.py) instead")
    parser.add_argument("--work", type=Path, default=None, help="where generated data goes (default: a temp dir)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="trustboard-bench-"))
    dirs = list(args.dirs) + [generated(work, int(s)) for s in args.sizes.split(",") if s]
    paint_only = [generated(work, int(s)) for s in args.paint_sizes.split(",") if s]
    if not dirs and not paint_only:
        parser.error("give data directories, --sizes or --paint-sizes")
    baseline = keys(sample_dir(work), args.runs) if dirs else {}
    if dirs:
        print("key baseline (sample board, 60 people): " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in baseline.items()))
    for data in dirs:
        count = sum(1 for _ in (data / "contacts").glob("*.json"))
        print(f"\n== {data.name} ({count} shard files)")
        print_paint(data, args.runs, args.first_paint_tool)
        measured = keys(data, args.runs)
        noop = measured.pop("noop")
        print(f"key cost (CPU from Pilot press to repainted; an unbound key costs {noop * 1000:.1f} ms here, "
              f"{baseline['noop'] * 1000:.1f} ms on the sample: 'net' subtracts it)")
        for name, seconds in measured.items():
            net = seconds - noop
            print(
                f"key {name:<9} {seconds * 1000:6.1f} ms (net {net * 1000:5.1f} ms) vs sample board "
                f"{baseline[name] * 1000:5.1f} ms  → {seconds / baseline[name]:.2f}×"
            )
    for data in paint_only:
        count = sum(1 for _ in (data / "contacts").glob("*.json"))
        print(f"\n== {data.name} ({count} shard files; first paint and memory only)")
        print_paint(data, args.runs, args.first_paint_tool)
    print(f"\n(runs: {args.runs}; data in {work})" if not args.dirs else "")


if __name__ == "__main__":
    os.environ.setdefault("TERM", "xterm-256color")
    main()
