"""What the method's rules cost Today: the queue with and without reading histories.

    python -m bench.bench_method                    # 10,000 and 30,000 contacts
    python -m bench.bench_method --sizes 30000 --rounds 5

Owed thanks and quiet requests need each person's interactions, not just their card
(`board.standing`); only people whose fields say they might stand out are read (a last
interaction within 91 days, or a request still in Met), their shards only. Two shapes of
network show the range:

- **dense**: `bench.generate`'s network, every contact with 10 interactions spread over
  two years — nearly everyone is a candidate (the worst case);
- **sparse**: the same number of contacts, a tenth of them active (10 interactions), the
  rest imported connections with nothing logged — what a LinkedIn import looks like.

For each, a fresh `Store` per round (so shards are parsed as `trustboard today` parses
them), alternating which variant goes first: the baseline is the queue by cadence alone
(`Store()` + `contacts()` + `due_contacts`), the method adds `standings()` before it. It
prints medians and the ratio method / baseline, and how many people had their history read.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.generate import make_network
from board.config import Config
from board.standing import may_stand_out, standings
from board.store import Store
from board.triage import due_contacts


def build(root: Path, size: int, shape: str) -> None:
    people, history = make_network(size, 10, seed=7)
    if shape == "sparse":
        active = {p.id for i, p in enumerate(people) if i % 10 == 0}
        history = [h for h in history if h.contact_id in active]
        for person in people:
            if person.id not in active:
                person.last_interaction_at = None
    store = Store(root)
    with store.transaction("bench", record=False, backup=False) as txn:
        txn.put_many(people, history, touch=False)


def queue(root: Path, method: bool) -> tuple[float, int, int]:
    """Seconds for Today's queue from a fresh store; the queue's length; histories read."""
    started = time.perf_counter()
    store = Store(root)
    config = Config()
    now = store.clock()
    contacts = store.contacts()
    known = standings(store, contacts, config, now) if method else None
    due = due_contacts(contacts, config, now.date(), known)
    seconds = time.perf_counter() - started
    read = sum(may_stand_out(c, now) for c in contacts) if method else 0
    return seconds, len(due), read


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'network':<16}{'baseline':>10}{'method':>10}{'ratio':>8}  histories read, queue")
    with tempfile.TemporaryDirectory(prefix="tb-bench-method-") as tmp:
        for size in args.sizes:
            for shape in ("sparse", "dense"):
                root = Path(tmp) / f"{shape}-{size}"
                build(root, size, shape)
                times: dict[bool, list[float]] = {False: [], True: []}
                facts: dict[bool, tuple[int, int]] = {}
                for index in range(args.rounds):
                    for method in ((False, True) if index % 2 == 0 else (True, False)):
                        seconds, due, read = queue(root, method)
                        times[method].append(seconds)
                        facts[method] = (due, read)
                base, with_method = statistics.median(times[False]), statistics.median(times[True])
                due, read = facts[True]
                print(
                    f"{shape + f' {size:,}':<16}{base:>9.2f}s{with_method:>9.2f}s"
                    f"{with_method / base:>8.2f}  {read:,} read, {due:,} due "
                    f"(by cadence alone {facts[False][0]:,})"
                )


if __name__ == "__main__":
    main()
