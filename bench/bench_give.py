"""What can I give? The cost of the gifts for one person, against ranking their messages.

    python -m bench.bench_give                        # the sample, and 30,000 contacts
    python -m bench.bench_give --size 30000 --library 500 --rounds 7

`G` on the board and `trustboard give` work out the gifts for one person: who knows
what they need, which resources fit, what work of theirs is on record. The baseline is
what the board already does for the same person on every `c`: rank their messages
(`suggest_messages`, with the same library). Both run on the same contacts against one
shared `Network`, alternating which goes first each round so machine noise falls on
both alike; the script prints the medians per contact and the ratio (gifts / messages).
It also times the two commands end to end (`trustboard give` against `trustboard
suggest`) on the big store, which includes opening it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import make_network
from board.give.gifts import gifts_for
from board.model import Contact, Interaction, Resource, new_id
from board.outreach import Network, suggest_messages
from board.sample import load_sample, sample_resources
from board.store import Store

TOPICS = [
    "estate law", "bookkeeping", "SEO", "reverse mortgages", "first-time buyers", "1099 income",
    "commercial insurance", "property management", "hiring", "down-payment assistance",
    "small business loans", "branding", "retirement planning", "tax planning", "home staging",
]


def library(size: int, seed: int = 7) -> list[Resource]:
    """The sample's twelve, then generated ones on the generator's topics, up to `size`."""
    rng = random.Random(seed)
    found = sample_resources()[:size]
    while len(found) < size:
        n = len(found)
        found.append(Resource(id=new_id(), title=f"Guide {n}", url=f"https://example.com/guide-{n}",
                              topics=rng.sample(TOPICS, 2)))
    return found


def per_contact(contacts: list[Contact], history: dict[str, list[Interaction]], resources: list[Resource],
                rounds: int) -> tuple[float, float]:
    network = Network(contacts)
    people = [c for c in contacts if not c.archived][:400]
    network.experts_for("warm up the index")
    gifts_times: list[float] = []
    message_times: list[float] = []

    def gifts() -> None:
        for c in people:
            gifts_for(c, history.get(c.id, []), network, resources, my_name="Sam Rivera")

    def messages() -> None:
        for c in people:
            suggest_messages(c, history.get(c.id, []), network, my_name="Sam Rivera", resources=resources)

    for round_ in range(rounds):
        order = [(gifts, gifts_times), (messages, message_times)]
        for run, times in order if round_ % 2 == 0 else reversed(order):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) / len(people))
    return statistics.median(gifts_times), statistics.median(message_times)


def command(args: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed: {done.stderr}")
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30000, help="contacts in the big network (30000)")
    parser.add_argument("--library", type=int, default=12, help="resources in the big network's library (12)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds to take medians of (5)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        sample = Store(Path(tmp) / "sample")
        load_sample(sample)
        contacts = sample.contacts(archived=None)
        history = {c.id: sample.interactions(c.id) for c in contacts}
        g, m = per_contact(contacts, history, sample.resources(), args.rounds)
        print(f"sample (60 contacts, 12 resources): gifts {g * 1e3:.2f} ms, messages {m * 1e3:.2f} ms "
              f"per contact; gifts / messages = {g / m:.2f}")

        people, interactions = make_network(args.size, 10)
        grouped: dict[str, list[Interaction]] = {}
        for item in interactions:
            grouped.setdefault(item.contact_id, []).append(item)
        resources = library(args.library)
        g, m = per_contact(people, grouped, resources, args.rounds)
        print(f"{args.size} contacts, {len(resources)} resources: gifts {g * 1e3:.2f} ms, "
              f"messages {m * 1e3:.2f} ms per contact; gifts / messages = {g / m:.2f}")

        big = Store(Path(tmp) / "big")
        with big.transaction("bench", record=False, backup=False) as txn:
            txn.put_many(people, interactions, touch=False)
            for resource in resources:
                txn.put_resource(resource, touch=False)
        who = people[1].id
        exe = str(Path(sys.executable).with_name("trustboard"))
        base = [exe, "--data", str(big.root)]
        give = command([*base, "give", who], args.rounds)
        suggest = command([*base, "suggest", who], args.rounds)
        print(f"commands on {args.size} contacts: trustboard give {give:.2f} s, trustboard suggest "
              f"{suggest:.2f} s; give / suggest = {give / suggest:.2f}")


if __name__ == "__main__":
    main()
