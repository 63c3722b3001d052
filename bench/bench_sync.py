"""Benchmark `trustboard sync` at scale against `git status` on the same clone (same run).

    python -m bench.bench_sync                       # 10,000 contacts, 10 interactions each
    python -m bench.bench_sync --contacts 10000 --runs 5

Two machines (data directories) share a bare repository on local disk, so the figures
are trustboard's own cost, not a network's. For each case it times `trustboard sync`
(the real command, a fresh interpreter each time) on machine A, alternating with
`git status` in A's clone, and prints the medians and their ratio:

- nothing to do;
- 1 / 1,000 contacts changed here (commit and push);
- 1 / 1,000 contacts changed on the other machine (fetch and apply);
- 1 / 1,000 changed on each side (a merge, record by record).

It also prints the bytes one changed contact sends (the pack `git push` sends for it,
without protocol overhead) and how long `trustboard --version` takes, the floor any
command pays to start.
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

from bench.generate import generate
from board.store import Store
from board.sync import engine

TRUSTBOARD = Path(sys.executable).parent / "trustboard"


def run(*argv: str, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(list(argv), cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def git(*argv: str, cwd: Path) -> str:
    return subprocess.run(["git", *argv], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def change(store: Store, ids: list[str], stamp: str) -> None:
    """Change these contacts (their title) in one transaction, as an edit would."""
    store.refresh()
    with store.transaction("bench change", record=False) as txn:
        txn.put_many([txn.require(cid).copy(title=stamp) for cid in ids])


def pack_bytes(repo: Path, new: str, old: str) -> int:
    """The size of the thin pack that takes `repo` from `old` to `new` (what a push sends)."""
    done = subprocess.run(["git", "pack-objects", "--revs", "--thin", "--stdout", "-q"], cwd=repo,
                          input=f"{new}\n^{old}\n".encode(), capture_output=True, check=True)
    return len(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--per", type=int, default=10, help="interactions per contact")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="keep the data here")
    args = parser.parse_args()
    work = (args.work or Path(tempfile.mkdtemp(prefix="trustboard-bench-sync-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    remote = work / "remote.git"
    git("init", "-q", "--bare", str(remote), cwd=work)
    started = time.perf_counter()
    a = generate(work / "a", args.contacts, args.per)
    print(f"{args.contacts:,} contacts, {args.contacts * args.per:,} interactions generated "
          f"({time.perf_counter() - started:.1f} s)")
    first = run(str(TRUSTBOARD), "--data", str(work / "a"), "sync", "init", str(remote), "--machine", "a")
    second = run(str(TRUSTBOARD), "--data", str(work / "b"), "sync", "init", str(remote), "--machine", "b")
    size = sum(p.stat().st_size for p in remote.rglob("*") if p.is_file())
    print(f"sync init: first push {first:.2f} s, first fetch into an empty store {second:.2f} s; "
          f"remote {size / 1e6:.1f} MB")
    b = Store(work / "b")
    clone = work / "a" / "sync"
    ids = sorted(c.id for c in a.contacts(archived=None))
    rng = random.Random(14)
    startup = [run(str(TRUSTBOARD), "--version") for _ in range(args.runs)]
    print(f"trustboard --version (the start-up floor): {statistics.median(startup) * 1000:.0f} ms")
    print(f"{'case':<42} {'sync':>9} {'git status':>11} {'ratio':>7}")

    def case(label: str, here: int, there: int) -> None:
        syncs, statuses = [], []
        for n in range(args.runs):
            picked = rng.sample(ids, here + there)
            if there:
                change(b, picked[here:], f"b{n}")
                engine.sync(b)
            if here:
                change(a, picked[:here], f"a{n}")
            syncs.append(run(str(TRUSTBOARD), "--data", str(work / "a"), "sync"))
            statuses.append(run("git", "status", "--porcelain", cwd=clone))
            engine.sync(b)  # level again for the next run
        s, g = statistics.median(syncs), statistics.median(statuses)
        print(f"{label:<42} {s * 1000:>7.0f} ms {g * 1000:>8.1f} ms {s / g:>6.0f}×")

    case("nothing to do", 0, 0)
    case("1 contact changed here (push)", 1, 0)
    case("1 contact changed there (fetch, apply)", 0, 1)
    case("1 changed on each side (merge)", 1, 1)
    case("1,000 contacts changed here (push)", 1000, 0)
    case("1,000 contacts changed there (fetch, apply)", 0, 1000)
    case("1,000 changed on each side (merge)", 1000, 1000)

    old = git("rev-parse", "main", cwd=remote)
    change(a, [ids[0]], "one change")
    run(str(TRUSTBOARD), "--data", str(work / "a"), "sync")
    new = git("rev-parse", "main", cwd=remote)
    shard = sum(p.stat().st_size for p in (clone / "contacts").glob("*.json")) // 256
    print(f"bytes pushed for one changed contact: {pack_bytes(clone, new, old):,} "
          f"(a contact shard file is {shard:,} bytes on average)")
    print(f"data kept in {work}")


if __name__ == "__main__":
    main()
