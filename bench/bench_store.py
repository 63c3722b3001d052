"""Benchmark the store at scale and print the figures (see bench/README.md).

    python -m bench.bench_store                      # 1,000 / 10,000 / 30,000 contacts
    python -m bench.bench_store --sizes 10000 --runs 11

For each size (10 interactions per contact) it generates a data directory, then prints:
open + contacts() time, per-change time (move, log, edit) through the store with fsyncs,
against the same change on an empty board (one contact) and against its physical floor
(the same files, bytes and fsyncs written by a minimal script: bench/floor.py) for a first
write to a shard and a repeat write to the shard just written, the files, bytes and fsyncs
per change, the daily backup (first full one, then an incremental one),
and `trustboard log` wall time (and CPU) from the CLI against the same command on an empty
board (at least 15 runs), as medians of alternating runs so machine noise hits both sides alike.

    python -m bench.bench_store --sizes 30000 --runs 21 --against DIR

`--against DIR` also measures another version's source tree (`git archive main board widgets
bench | tar -x -C DIR`) in the same run: `trustboard log` of both versions on both boards (the
other version on copies of its own, whose caches it keeps), all four alternated, with each one's CPU (user + system) and page faults beside its wall time; and
store move, log and edit, first and repeat writes, of both versions in lockstep (one child
process per version, each on its own copy of the data, taking turns).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import floor
from bench.generate import generate
from board.model import Contact, Kind, Stage, now
from board.store import Store
from board.store.layout import shard_of

TRUSTBOARD = Path(sys.executable).parent / "trustboard"
SOURCE = Path(__file__).resolve().parent.parent  # this tree (holding board/)
CLI_RUNS = 15  # at least, for `trustboard log`: a tenth of a second each, on a noisy machine
STAGES = list(Stage)
INDEX = "index"  # the name index's file name holds this


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def data_bytes(root: Path) -> int:
    return sum(p.stat().st_size for sub in ("contacts", "interactions")
               for p in (root / sub).glob("*.json"))


def open_and_list(root: Path, runs: int) -> tuple[float, float]:
    """Median seconds of Store(root) and of contacts(), each in a fresh interpreter."""
    code = (
        "import sys, time\n"
        "from board.store import Store\n"
        "t0 = time.perf_counter(); s = Store(sys.argv[1]); t1 = time.perf_counter()\n"
        "n = len(s.contacts()); t2 = time.perf_counter()\n"
        "print(t1 - t0, t2 - t1, n)\n"
    )
    opens, lists = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True,
                             text=True, check=True).stdout.split()
        opens.append(float(out[0]))
        lists.append(float(out[1]))
    return statistics.median(opens), statistics.median(lists)


Action = Callable[[Contact, int], object]


def actions(store: Store) -> dict[str, Action]:
    """The changes measured; bench/floor.py records the same ones (floor.ACTIONS)."""
    return {
        "move": lambda c, n: store.move(c.id, STAGES[(STAGES.index(store.get(c.id).stage) + 1) % 4]),
        "log": lambda c, n: store.log(c.id, Kind.CALL, f"benchmark call {n}"),
        "edit": lambda c, n: store.update_contact(store.get(c.id).copy(notes=f"edited {n}")),
    }


def per_change(store: Store, targets: list[Contact], runs: int) -> dict[str, float]:
    """Median ms of move, log and edit through the store."""
    results: dict[str, float] = {}
    for name, action in actions(store).items():
        times = []
        for n in range(runs):
            started = time.perf_counter()
            action(targets[n % len(targets)], n)
            times.append(time.perf_counter() - started)
        results[name] = median_ms(times)
    return results


def fresh_pairs(store: Store, used: set[str], count: int) -> list[tuple[Contact, Contact]]:
    """`count` pairs of contacts, each pair from one shard that no change has written yet
    in this session (and that none of the pairs shares), marked used."""
    by_shard: dict[str, list[Contact]] = {}
    for c in store.contacts():
        by_shard.setdefault(shard_of(c.id), []).append(c)
    pairs = []
    for shard, people in sorted(by_shard.items()):
        if shard not in used and len(people) >= 2:
            used.add(shard)
            pairs.append((people[0], people[1]))
            if len(pairs) == count:
                break
    return pairs


# Median ms through the store and of its floor, their median CPU ms, and the writes.
Timed = tuple[float, float, float, float, list[floor.Writes]]


def against_floor(
    store: Store, used: set[str], runs: int, work: Path, scratch: Path
) -> dict[str, tuple[Timed, Timed]]:
    """Per change, a first and a repeat write: median ms through the store and of its floor.

    A first write is to a contact whose shards (contacts and interactions) this session
    has not written yet: on the board, the usual case (the next person is in another of
    the 256 shards), and the store has to read that shard's records first. A repeat write
    is to another contact of the shard just written (its records are at hand). Each
    change is first recorded (strace, in a child process) on the same contacts, in
    `scratch`, a copy of the data directory, so that the store's own cache is not
    disturbed; then the change through the store and the replay of its writes alternate.
    Each change and its replay are first done once untimed, on a shard of their own: the
    first of the three measured used to come out slower whichever it was (edit first:
    edit ×2.17, move ×1.49; move first: move ×2.57, edit ×1.87).
    """
    results = {}
    for name, action in actions(store).items():
        warm, *pairs = fresh_pairs(store, used, runs + 1)
        order = [warm[0].id] + [c.id for pair in pairs for c in pair]  # first, repeat, first...
        warm_up, *recorded = floor.record(scratch, name, order)
        replay = floor.Floor(store.root, work)
        # Per kind (first, repeat): wall through the store, of the floor; CPU of each.
        samples = {kind: ([], [], [], []) for kind in (False, True)}
        try:
            action(warm[0], runs)
            replay.replay(warm_up)
            for n, pair in enumerate(pairs):
                for repeat, contact in enumerate(pair):
                    through, minimal, through_cpu, minimal_cpu = samples[bool(repeat)]
                    started, cpu = time.perf_counter(), time.process_time()
                    action(contact, n)
                    through.append(time.perf_counter() - started)
                    through_cpu.append(time.process_time() - cpu)
                    started, cpu = time.perf_counter(), time.process_time()
                    replay.replay(recorded[2 * n + repeat])
                    minimal.append(time.perf_counter() - started)
                    minimal_cpu.append(time.process_time() - cpu)
        finally:
            replay.close()
        timed: dict[bool, Timed] = {
            repeat: (*(median_ms(s) for s in samples[repeat]), recorded[int(repeat)::2])  # type: ignore[misc]
            for repeat in (False, True)
        }
        results[name] = (timed[False], timed[True])
    return results


# One `trustboard log`: a board (data directory, contact) and the source tree it runs (None: this one).
CliRun = tuple[Path, str, Path | None]


def cli_log_once(root: Path, who: str, tree: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and minor page faults of one `trustboard log`."""
    env = None if tree is None else dict(os.environ, PYTHONPATH=str(tree))
    started = time.perf_counter()
    child = subprocess.Popen([str(TRUSTBOARD), "--data", str(root), "log", who, "benchmark", "note"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise subprocess.CalledProcessError(status, "trustboard log")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_minflt


def cli_log_runs(boards: list[CliRun], runs: int) -> list[tuple[float, float, float]]:
    """Per board: median wall s, CPU s and page faults of `trustboard log`, all alternated
    (forwards, then backwards, so no board always follows the same one)."""
    for board in boards:
        cli_log_once(*board)  # warm the page cache (and take the day's backup) first
    samples: list[list[tuple[float, float, int]]] = [[] for _ in boards]
    for n in range(runs):
        order = list(range(len(boards)))
        for at in order if n % 2 == 0 else order[::-1]:
            samples[at].append(cli_log_once(*boards[at]))
    return [tuple(statistics.median(s[i] for s in taken) for i in range(3))  # type: ignore[misc]
            for taken in samples]


def cli_log_ab(empty: tuple[Path, str], big: tuple[Path, str], runs: int) -> tuple[float, float]:
    """Median wall seconds of `trustboard log` on the empty and the big board, alternated."""
    (a, _, _), (b, _, _) = cli_log_runs([(*empty, None), (*big, None)], runs)
    return a, b


# The store side of `--against`: one child per version, driven in lockstep through a pipe.
LOCKSTEP_CHILD = """
import sys, time
from board.model import Kind, Stage
from board.store import Store
from board.store.layout import shard_of
STAGES = list(Stage)
store = Store(sys.argv[1])
by_shard = {}
for c in store.contacts(archived=None):
    by_shard.setdefault(shard_of(c.id), []).append(c)
shards = [s for s in sorted(by_shard) if len(by_shard[s]) >= 2]
store.log(by_shard[shards[0]][0].id, Kind.CALL, "warm-up")
ACTIONS = {
    "move": lambda cid, n: store.move(cid, STAGES[(STAGES.index(store.get(cid).stage) + 1) % len(STAGES)]),
    "log": lambda cid, n: store.log(cid, Kind.CALL, f"benchmark call {n}"),
    "edit": lambda cid, n: store.update_contact(store.get(cid).copy(notes=f"edited {n}")),
}
print("ready", flush=True)
for line in sys.stdin:
    action, n, which = line.split()
    person = by_shard[shards[1 + int(n)]][0 if which == "first" else 1]
    started, cpu = time.perf_counter(), time.process_time()
    ACTIONS[action](person.id, int(n))
    print(time.perf_counter() - started, time.process_time() - cpu, flush=True)
"""
LOCKSTEP_ACTIONS = ("move", "log", "edit")  # each on shards of its own (`runs` of them per action)


def store_lockstep(root: Path, work: Path, tree: Path, runs: int) -> dict[tuple[str, str], tuple[float, ...]]:
    """Store move, log and edit, first and repeat writes, through this tree and `tree`, taking
    turns: per (action, kind), median ms of this tree's wall and CPU, then the other's."""
    children: list[subprocess.Popen[str]] = []
    try:
        for n, source in enumerate((None, tree)):
            copy = work / f"lockstep-{n}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(root, copy, symlinks=True, ignore=shutil.ignore_patterns("backups"))
            # Each version named explicitly, and -P: `python -c` would otherwise put the current
            # directory (this tree, when run from it) before PYTHONPATH, and run this tree twice.
            env = dict(os.environ, PYTHONPATH=str(source or SOURCE))
            children.append(subprocess.Popen([sys.executable, "-P", "-c", LOCKSTEP_CHILD, str(copy)],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env))
        time.sleep(2.1)  # the copies' files age past the racy window
        for child in children:
            assert child.stdin is not None and child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("a lockstep child did not start")
        taken: dict[tuple[str, str, int], list[tuple[float, float]]] = {}
        for a, action in enumerate(LOCKSTEP_ACTIONS):
            for n in range(runs):
                for which in ("first", "repeat"):
                    for at in (0, 1) if n % 2 == 0 else (1, 0):
                        child = children[at]
                        assert child.stdin is not None and child.stdout is not None
                        child.stdin.write(f"{action} {a * runs + n} {which}\n")
                        child.stdin.flush()
                        wall, cpu = map(float, child.stdout.readline().split())
                        taken.setdefault((action, which, at), []).append((wall, cpu))
        return {
            (action, which): tuple(median_ms([s[i] for s in taken[(action, which, at)]])
                                   for at in (0, 1) for i in (0, 1))
            for action in LOCKSTEP_ACTIONS for which in ("first", "repeat")
        }
    finally:
        for child in children:
            if child.stdin is not None:
                child.stdin.close()
            child.wait()
        for n in (0, 1):
            shutil.rmtree(work / f"lockstep-{n}", ignore_errors=True)


def unique_name(store: Store) -> str:
    counts: dict[str, int] = {}
    people = store.contacts()
    for c in people:
        counts[c.name.lower()] = counts.get(c.name.lower(), 0) + 1
    return next(c.name for c in people if counts[c.name.lower()] == 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="trustboard store benchmark")
    parser.add_argument("--sizes", default="1000,10000,30000",
                        help="comma-separated contact counts (10 interactions each)")
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate under this directory and keep the data")
    parser.add_argument("--against", type=Path, default=None, metavar="DIR",
                        help="also measure the source tree in DIR (another version) in the same run")
    args = parser.parse_args(argv)
    against = args.against.resolve() if args.against else None
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = args.keep or Path(tempfile.mkdtemp(prefix="trustboard-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"trustboard store benchmark — {args.runs} runs per figure (medians), "
          f"{os.cpu_count()} CPUs, python {sys.version.split()[0]}")
    try:
        empty_root = work / "empty"
        shutil.rmtree(empty_root, ignore_errors=True)
        empty = Store(empty_root)
        added: object = empty.add_contact(Contact(id="0" * 32, name="Solo Person"))
        # The change that holds the contact, or the contact (stores before the Change API
        # return it): the same script measures before and after.
        solo = added if isinstance(added, Contact) else added.contact  # type: ignore[attr-defined]
        empty_change = per_change(empty, [solo], args.runs)
        print(f"\nempty board (1 contact): move {empty_change['move']:.1f} ms, "
              f"log {empty_change['log']:.1f} ms, edit {empty_change['edit']:.1f} ms")
        if not floor.available():
            print("(strace not found: no physical floor, no bytes per change)")
        for size in sizes:
            root = work / f"n{size}"
            shutil.rmtree(root, ignore_errors=True)
            started = time.perf_counter()
            store = generate(root, size, 10)
            made = time.perf_counter() - started
            total = data_bytes(root)
            print(f"\n== {size:,} contacts / {size * 10:,} interactions "
                  f"({total / 1e6:.1f} MB of shards, generated in {made:.1f} s)")

            opened, listed = open_and_list(root, max(3, args.runs // 2))
            print(f"  Store() open             {opened * 1000:8.1f} ms")
            print(f"  contacts()               {listed * 1000:8.1f} ms   "
                  f"open + contacts() {1000 * (opened + listed):.1f} ms")

            time.sleep(2.1)  # let the generated files age past the racy window
            started = time.perf_counter()
            store.backup("daily")
            full_backup = time.perf_counter() - started
            targets = store.contacts()[:: max(1, size // 50)]
            store.move(targets[-1].id, Stage.TALKED)  # warm-up: writes the name index once
            changes = per_change(store, targets, args.runs)
            for name, ms in changes.items():
                base_ms = empty_change[name]
                print(f"  {name:<5} through the store {ms:8.1f} ms  (empty board {base_ms:.1f} ms, "
                      f"×{ms / base_ms:.2f})")
            if floor.available():
                used = {shard_of(c.id) for c in [targets[-1], *targets[: args.runs]]}
                scratch = work / "record-copy"
                shutil.rmtree(scratch, ignore_errors=True)
                shutil.copytree(root, scratch, symlinks=True, ignore=shutil.ignore_patterns("backups"))
                try:
                    measured = against_floor(store, used, args.runs, work, scratch)
                finally:
                    shutil.rmtree(scratch, ignore_errors=True)
                for name, both in measured.items():
                    for label, (ms, floor_ms, cpu, floor_cpu, writes) in zip(
                        ("first", "repeat"), both, strict=True
                    ):
                        written = statistics.mean(w.bytes for w in writes)
                        index = statistics.mean(w.bytes_to(INDEX) for w in writes)
                        files = statistics.mean(w.files for w in writes)
                        fsyncs = statistics.mean(w.fsyncs for w in writes)
                        print(f"  {name:<5} {label:<6} vs physical floor {ms:6.1f} ms vs {floor_ms:.1f} ms "
                              f"→ ×{ms / floor_ms:.2f} (CPU {cpu:.1f} vs {floor_cpu:.1f} ms)   "
                              f"per change: {files:.1f} files, "
                              f"{written / 1e3:.1f} kB = {100 * written / total:.2f}% of the data "
                              f"({index / 1e3:.1f} kB of it name index), {fsyncs:.1f} fsyncs")
            started = time.perf_counter()
            store.backup("daily")
            incremental = time.perf_counter() - started
            print(f"  daily backup: first (full) {full_backup * 1000:.0f} ms; "
                  f"next, after {9 * args.runs + 3 if floor.available() else 3 * args.runs} changes, {incremental * 1000:.0f} ms")

            who = unique_name(store)
            store.close()
            if against is not None:
                steps = store_lockstep(root, work, against, args.runs)
                for (action, which), (ms, cpu, other_ms, other_cpu) in steps.items():
                    print(f"  {action:<5} {which:<6} this tree {ms:6.2f} ms (CPU {cpu:.2f}) vs {against.name} "
                          f"{other_ms:.2f} ms (CPU {other_cpu:.2f}) → ×{ms / other_ms:.3f} "
                          f"(CPU ×{cpu / other_cpu:.3f}), lockstep")
            boards: list[CliRun] = [(empty_root, "Solo Person", None), (root, who, None)]
            if against is not None:
                # The other version on copies of its own: the versions' caches (index.json,
                # the digests, the card file) may differ in format, and on one board each
                # would throw away the other's at every run (5.5× for this tree's log).
                other_root, other_empty = work / f"n{size}-other", work / "empty-other"
                for source, copy in ((root, other_root), (empty_root, other_empty)):
                    shutil.rmtree(copy, ignore_errors=True)
                    shutil.copytree(source, copy, symlinks=True, ignore=shutil.ignore_patterns("backups"))
                boards += [(other_empty, "Solo Person", against), (other_root, who, against)]
            cli_figures = cli_log_runs(boards, max(args.runs, CLI_RUNS))
            (empty_s, empty_cpu, _), (big_s, big_cpu, _) = cli_figures[:2]
            print(f"  CLI `trustboard log`     {big_s * 1000:8.1f} ms  vs empty board "
                  f"{empty_s * 1000:.1f} ms  → ratio {big_s / empty_s:.2f} (target ≤ 1.2); "
                  f"CPU {big_cpu * 1000:.1f} vs {empty_cpu * 1000:.1f} ms → ×{big_cpu / empty_cpu:.2f}")
            if against is not None:
                for label, (empty_m, big_m) in (("this tree", cli_figures[:2]), (against.name, cli_figures[2:])):
                    print(f"  CLI `trustboard log`, {label}: big {big_m[0] * 1000:.1f} ms vs empty "
                          f"{empty_m[0] * 1000:.1f} ms → ×{big_m[0] / empty_m[0]:.3f}; CPU {big_m[1] * 1000:.1f} "
                          f"vs {empty_m[1] * 1000:.1f} ms → ×{big_m[1] / empty_m[1]:.3f}; page faults "
                          f"{big_m[2]:.0f} vs {empty_m[2]:.0f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nfinished {now():%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
