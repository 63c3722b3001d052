"""How long big imports take: 30,000 LinkedIn connections, 10,000 contacts with 100,000
interactions as trustboard JSON, each into an empty store and again into a store that
already has them (a re-import, which must change nothing).

    .venv/bin/python -m bench.bench_import [--connections 30000] [--contacts 10000]
                                             [--interactions 100000] [--keep DIR]
    .venv/bin/python -m bench.bench_import --before 00bdcb0 [--runs 5] [--pause 2.5]

With --before REF it instead imports the same files with the code at git commit REF and
with this checkout, each in a fresh interpreter, alternating (before, after, before, …)
so that machine noise hits both, and prints each import's medians and their ratio.
With --pause SECONDS each re-import waits that long first, untimed: past the two seconds
in which a store checks the files it has just written against their bytes (`files.racy`),
as a re-import a user makes later would be.

Prints the figures; it asserts only what makes the figures meaningful (counts).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from board.exporters import export_data
from board.importers import import_file
from board.store import Store

FIRST = ["Ana", "Ben", "Chloé", "Dev", "Emeka", "Fatima", "Grace", "Hiro", "Ines", "José",
         "Kai", "Lena", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rita", "Seán", "Zoë"]
LAST = ["Okafor", "Chen", "García", "Müller", "Rahman", "Silva", "Tanaka", "Doe", "Lee",
        "Haddad", "O'Brien", "Ångström", "Patel", "Berg", "Duarte", "Rivera"]
COMPANIES = ["Acme, Inc.", "Green Loop", "Cedar Freight", "Nordisk Design AB", "Lisbon Labs",
             "Harbour Advisory", "Gomes Bakery", "Adams Legal", ""]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def write_connections(path: Path, rows: int, rng: random.Random) -> None:
    """A current-style Connections.csv: BOM, Notes preamble, CRLF, quoted fields."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write('Notes:\r\n"Some email addresses may be missing, as members choose."\r\n\r\n')
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company",
                         "Position", "Connected On"])
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first.lower()}.{i}@example.com" if rng.random() < 0.1 else ""
            writer.writerow([
                first, f"{last} {i}", f"https://www.linkedin.com/in/{first.lower()}-{i:06d}",
                email, rng.choice(COMPANIES), rng.choice(["CEO", "Engineer", "Head of Sales, EMEA"]),
                f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2008, 2025)}",
            ])


def write_json(path: Path, contacts: int, interactions: int, rng: random.Random) -> None:
    """A trustboard export with `interactions` spread over `contacts`."""
    base = datetime(2020, 1, 1, tzinfo=UTC)
    items = []
    for i in range(contacts):
        created = base + timedelta(days=rng.randint(0, 1500))
        items.append({
            "id": f"{i:032x}", "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            "company": rng.choice(COMPANIES), "emails": [f"p{i}@example.com"],
            "stage": rng.choice(["met", "talked", "gave_value", "trusted"]),
            "tags": rng.sample(["bni", "speaker", "investor", "friend"], 2),
            "created_at": created.isoformat(), "updated_at": created.isoformat(),
            "stage_changed_at": created.isoformat(), "interactions": [],
        })
    kinds = ["message", "call", "meeting", "note", "gave", "received"]
    for n in range(interactions):
        kind = rng.choice(kinds)
        items[n % contacts]["interactions"].append({
            "id": f"{n:032x}", "at": (base + timedelta(minutes=rng.randint(0, 3_000_000))).isoformat(),
            "kind": kind, "summary": f"Interaction {n}: talked about pricing, intros and coffee",
            "value": "introduction" if kind in ("gave", "received") else None,
        })
    document = {"format": "trustboard", "version": 1, "exported_at": base.isoformat(), "contacts": items}
    path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))


def timed(label: str, action):  # noqa: ANN001, ANN201 - a tiny helper for a script
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"  {label:<44} {elapsed:7.2f} s")
    return result


ROOT = Path(__file__).resolve().parent.parent
# One import timed in a fresh interpreter; `board` comes from PYTHONPATH (the tree compared;
# `-P` keeps the working directory off the path).
CHILD = """
import json, sys, time
from pathlib import Path
from board.importers import import_file
from board.store import Store
kind, path, data = sys.argv[1:4]
pause = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
store = Store(Path(data))
times = []
for n in range(int(sys.argv[4])):  # 1: into an empty store; 2: and its re-import
    if n:
        time.sleep(pause)  # untimed: the files just written age past the racy window
    start, cpu = time.perf_counter(), time.process_time()
    import_file(store, kind, path)
    times.append([time.perf_counter() - start, time.process_time() - cpu])
print(json.dumps(times))
"""


def checkout(ref: str, into: Path) -> Path:
    """The tree of commit `ref` unpacked in `into` (only what the import needs: board/)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "board"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def timed_child(tree: Path, kind: str, path: Path, data: Path, pause: float = 0.0) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each of the two imports, in a fresh interpreter (`pause`
    seconds between them, untimed)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-P", "-c", CHILD, kind, str(path), str(data), "2", str(pause)], env=env,
                         check=True, capture_output=True, text=True).stdout
    return [(float(wall), float(cpu)) for wall, cpu in json.loads(out)]


def compare(ref: str, runs: int, root: Path, files: dict[str, Path], pause: float = 0.0) -> None:
    """Each import with the code at `ref` and with this checkout, alternated, medians of
    wall time and of CPU time (the process's own: what fsync waits and other programs on a
    shared machine leave out). `pause`: seconds between an import and its re-import."""
    before = checkout(ref, Path(tempfile.mkdtemp(prefix="import-before-", dir=root)))
    print(f"before = {ref}, after = this checkout; {runs} alternating runs each, fresh interpreters"
          + (f"; {pause:g} s between an import and its re-import" if pause else ""))
    for kind, path in files.items():
        results: dict[str, list[list[tuple[float, float]]]] = {"before": [], "after": []}
        for run in range(runs):
            for name, tree in (("before", before), ("after", ROOT)):
                data = root / f"data-{kind}-{name}-{run}"
                results[name].append(timed_child(tree, kind, path, data, pause))
        for step, label in enumerate(("into an empty store", "re-import")):
            old, new = ([statistics.median(r[step][m] for r in results[name]) for m in (0, 1)]
                        for name in ("before", "after"))
            print(f"  {kind:<9} {label:<20} wall: before {old[0]:5.2f} s after {new[0]:5.2f} s → "
                  f"{new[0] / old[0]:.2f}×   CPU: before {old[1]:5.2f} s after {new[1]:5.2f} s → "
                  f"{new[1] / old[1]:.2f}×", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    parser.add_argument("--before", metavar="REF", help="compare with the code at this git commit")
    parser.add_argument("--runs", type=int, default=5, help="with --before: runs of each (default 5)")
    parser.add_argument("--pause", type=float, default=0.0, metavar="SECONDS",
                        help="with --before: wait this long before each re-import (past the store's "
                             "two-second window, in which it reads again the files it just wrote)")
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(args.keep or scratch)
        root.mkdir(parents=True, exist_ok=True)
        for left in ("data-linkedin", "data-json", "data-json-2"):  # a kept folder's last run
            shutil.rmtree(root / left, ignore_errors=True)
        linkedin, network = root / "Connections.csv", root / "network.json"
        print(f"Generating files in {root} …")
        timed(f"write Connections.csv ({args.connections:,} rows)",
              lambda: write_connections(linkedin, args.connections, rng))
        timed(f"write JSON ({args.contacts:,} / {args.interactions:,})",
              lambda: write_json(network, args.contacts, args.interactions, rng))
        print(f"Connections.csv {linkedin.stat().st_size / 1e6:.1f} MB, "
              f"JSON {network.stat().st_size / 1e6:.1f} MB")
        if args.before:
            compare(args.before, args.runs, root, {"linkedin": linkedin, "json": network}, args.pause)
            return

        print("LinkedIn Connections.csv:")
        store = Store(root / "data-linkedin")
        first = timed("import into an empty store", lambda: import_file(store, "linkedin", linkedin))
        again = timed("re-import (store already has them)", lambda: import_file(store, "linkedin", linkedin))
        timed("dry run of the re-import", lambda: import_file(store, "linkedin", linkedin, dry_run=True))
        print(f"  added {len(first.added):,}; re-import: {again.unchanged:,} unchanged, "
              f"{len(again.added)} added, {len(again.updated)} updated")
        assert len(first.added) == args.connections and again.unchanged == args.connections

        print("trustboard JSON:")
        store = Store(root / "data-json")
        first = timed("import into an empty store", lambda: import_file(store, "json", network))
        again = timed("re-import (store already has them)", lambda: import_file(store, "json", network))
        print(f"  added {len(first.added):,} contacts, {first.interactions:,} interactions; "
              f"re-import: {again.unchanged:,} unchanged, {again.interactions} interactions")
        assert len(first.added) == args.contacts and first.interactions == args.interactions
        assert again.unchanged == args.contacts and not again.changed
        payload = timed("export JSON", lambda: export_data(store, "json"))
        fresh = Store(root / "data-json-2")
        (root / "export.json").write_bytes(payload)
        timed("import that export into an empty store", lambda: import_file(fresh, "json", root / "export.json"))


if __name__ == "__main__":
    main()
