"""Ranking outreach messages: this checkout against an earlier version, in the same run.

    python -m bench.bench_outreach                     # the sample and 30,000 contacts
    python -m bench.bench_outreach --rounds 11 --size 30000
    python -m bench.bench_outreach --before <commit>   # any commit with board/outreach.py

The board and `trustboard today` rank messages per contact against one cached expertise
index (`Network`); `trustboard suggest` ranks one contact against a fresh one. For each
data set this script loads the earlier single-module `board/outreach.py` from git
(default: the version just before it became a package) beside the current
`board.outreach`, then times both on the same contacts, alternating which goes first in
each round so machine noise falls on both alike, and prints medians and the ratio
(after / before: below 1 is faster). It also checks that both rank every contact alike
(the texts differ where the later version adds common ground to a first message).
Building the index and asking twice is timed again with common ground, which the
earlier engine did not look for, answered "none" at once: like for like.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import board.outreach as after
from bench.generate import make_network
from board.model import Contact, Interaction
from board.model import now as clock_now
from board.outreach import moment
from board.sample import load_sample
from board.store import Store

ROOT = Path(__file__).resolve().parent.parent
MY_NAME = "Sam Rivera"


def load_before(ref: str | None) -> tuple[ModuleType, str]:
    """The single-module outreach engine at `ref` (default: just before the package)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True,
                              text=True).stdout.strip()

    if ref is None:
        removed = git("log", "-1", "--format=%H", "--diff-filter=D", "--", "board/outreach.py")
        ref = f"{removed}^" if removed else "HEAD"
    source = git("show", f"{ref}:board/outreach.py")
    path = Path(tempfile.mkdtemp(prefix="outreach-before-")) / "outreach_before.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("outreach_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["outreach_before"] = module
    spec.loader.exec_module(module)
    return module, git("rev-parse", "--short", ref)


def sample_network(now: datetime) -> tuple[list[Contact], dict[str, list[Interaction]]]:
    store = Store(Path(tempfile.mkdtemp(prefix="outreach-sample-")) / "data")
    load_sample(store, now)
    contacts = store.contacts()
    return contacts, {c.id: store.interactions(c.id) for c in contacts}


def generated_network(size: int, now: datetime) -> tuple[list[Contact], dict[str, list[Interaction]]]:
    contacts, interactions = make_network(size, 10, seed=7, until=now)
    histories: dict[str, list[Interaction]] = defaultdict(list)
    for item in interactions:
        histories[item.contact_id].append(item)
    return contacts, histories


def rank_all(module: ModuleType, network: Any, people: Sequence[Contact],
             histories: dict[str, list[Interaction]], now: datetime) -> list[list[tuple[str, str, str]]]:
    return [
        [(s.name, s.text, s.why) for s in module.suggest_messages(
            person, histories.get(person.id, []), network, my_name=MY_NAME, now=now)]
        for person in people
    ]


def repeats(run: Callable[[], object], at_least: float = 0.02) -> int:
    """How many calls of `run` take `at_least` seconds: a block timed as one, so that a
    call of a tenth of a millisecond is not timed alone (the clock's and the cache's noise)."""
    n = 1
    while timed_calls(run, n) < at_least:
        n *= 2
    return n


def timed_calls(run: Callable[[], object], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        run()
    return time.perf_counter() - started


def compare(title: str, rounds: int, per: int, runs: dict[str, Callable[[], object]]) -> None:
    """Alternate the implementations round by round; print the median per item of each
    (each round times a block of calls as long as the slower one needs for 20 ms)."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    calls = max(repeats(run) for run in runs.values())
    for round_ in range(rounds):
        for name in names if round_ % 2 == 0 else names[::-1]:
            times[name].append(timed_calls(runs[name], calls) / calls / per)
    before, now_ = (statistics.median(times[name]) for name in names)
    print(f"  {title:<44} before {before * 1000:8.3f} ms   after {now_ * 1000:8.3f} ms"
          f"   → {now_ / before:.2f}×", flush=True)


def bench(label: str, contacts: list[Contact], histories: dict[str, list[Interaction]],
          before: ModuleType, now: datetime, rounds: int, ranked: int, fresh: int) -> None:
    print(f"\n== {label}: {len(contacts)} contacts, "
          f"{sum(len(h) for h in histories.values())} interactions", flush=True)
    rng = random.Random(3)
    people = contacts if len(contacts) <= ranked else rng.sample(contacts, ranked)
    networks = {"before": before.Network(contacts), "after": after.Network(contacts)}
    modules = {"before": before, "after": after}
    results = {}
    for name, module in modules.items():  # also warms each index (built on the 2nd question)
        results[name] = rank_all(module, networks[name], people, histories, now)
        rank_all(module, networks[name], people[:2], histories, now)
    pairs = list(zip(results["before"], results["after"], strict=True))
    order = sum([n for n, _, _ in a] == [n for n, _, _ in b] for a, b in pairs)
    same = sum(a == b for a, b in pairs)
    print(f"  same messages in the same order: {order}/{len(people)} contacts; "
          f"same texts and reasons too: {same}/{len(people)} (the rest gained common ground)")

    compare(f"rank {len(people)} people, cached index (board)", rounds, len(people), {
        name: (lambda m=modules[name], n=networks[name]: rank_all(m, n, people, histories, now))
        for name in modules
    })
    some = people[:fresh]
    compare(f"rank {len(some)} people, fresh index each (suggest)", rounds, len(some), {
        name: (lambda m=modules[name]: [rank_all(m, contacts, [p], histories, now) for p in some])
        for name in modules
    })
    compare("build the index (Network) and ask twice", rounds, 1, {
        name: (lambda m=modules[name]: rank_all(m, m.Network(contacts), people[:2], histories, now))
        for name in modules
    })
    # Like for like: the same with common ground (which the earlier engine did not look
    # for: an introducer, a group, a colleague) answered "none" at once.
    with without_common_ground():
        compare("the same, common ground not looked for", rounds, 1, {
            name: (lambda m=modules[name]: rank_all(m, m.Network(contacts), people[:2], histories, now))
            for name in modules
        })


@contextmanager
def without_common_ground() -> Iterator[None]:
    saved = moment.common_ground
    moment.common_ground = lambda *args, **kwargs: None
    try:
        yield
    finally:
        moment.common_ground = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default=None, help="git commit holding board/outreach.py")
    parser.add_argument("--size", type=int, default=30_000, help="contacts in the generated network")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    before, ref = load_before(args.before)
    now = clock_now()
    print(f"outreach ranking: before = board/outreach.py at {ref}, after = this checkout; "
          f"median of {args.rounds} alternating rounds, per contact")
    bench("sample", *sample_network(now), before, now, args.rounds, ranked=60, fresh=20)
    bench(f"generated {args.size}", *generated_network(args.size, now), before, now,
          args.rounds, ranked=500, fresh=10)


if __name__ == "__main__":
    main()
