"""Several processes write into one data directory at once: no write is lost, no id collides."""

from __future__ import annotations

import multiprocessing as mp
import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from board.model import Contact, Kind, Stage, new_id
from board.store import Store
from tests.helpers import run_cli

pytestmark = pytest.mark.slow  # crash, scale and stateful tests: the full run, not the fast loop

WORKERS = 4
ROUNDS = 30
T0 = datetime(2026, 6, 1, 9, 0).astimezone()


def _worker(root: str, n: int, shared: list[str], inherited: Store | None, out: mp.Queue) -> None:
    """Add contacts and log interactions, reporting each id once the call has returned."""
    store = inherited or Store(root)
    rng = random.Random(n)
    mine: list[str] = []
    for i in range(ROUNDS):
        step = rng.random()
        if step < 0.3 or not mine:
            c = store.add_contact(Contact(id=new_id(), name=f"worker {n} person {i}")).contact
            mine.append(c.id)
            out.put(("contact", c.id, c.name))
        elif step < 0.8:
            target = rng.choice(shared + mine)
            at = T0 + timedelta(minutes=rng.randrange(100_000))
            item = store.log(target, Kind.CALL, f"w{n} r{i}", at=at).interaction
            out.put(("interaction", item.id, target))
        else:
            target = rng.choice(shared)
            store.move(target, rng.choice(list(Stage)))
        if i % 7 == 0:
            store.refresh()
    out.put(("done", n, ""))


def _reader(root: str, stop: mp.Event, out: mp.Queue) -> None:
    """A board-like reader: refreshes and reads while the others write; must never fail."""
    store = Store(root)
    reads = 0
    try:
        while not stop.is_set():
            store.refresh()
            people = store.contacts(archived=None)
            for c in people[:3]:
                store.interactions(c.id)
            reads += 1
        out.put(("reader", str(reads), "ok"))
    except Exception as exc:  # reported to the test instead of dying silently
        out.put(("reader", "0", f"{type(exc).__name__}: {exc}"))


def test_many_processes_add_and_log_at_once(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store = Store(root)
    shared = [store.add_contact(Contact(id=new_id(), name=f"shared {k}")).contact.id for k in range(3)]
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    stop = ctx.Event()
    reader = ctx.Process(target=_reader, args=(str(root), stop, out))
    reader.start()
    # Half the workers inherit the parent's open store through fork, half open their own.
    workers = [
        ctx.Process(target=_worker, args=(str(root), n, shared, store if n % 2 else None, out))
        for n in range(WORKERS)
    ]
    for w in workers:
        w.start()
    events: list[tuple[str, str, str]] = []
    done = 0
    while done < WORKERS:
        event = out.get(timeout=120)
        events.append(event)
        done += event[0] == "done"
    stop.set()
    events.append(out.get(timeout=60))
    for p in [*workers, reader]:
        p.join(timeout=60)
        assert p.exitcode == 0

    reader_report = next(e for e in events if e[0] == "reader")
    assert reader_report[2] == "ok" and int(reader_report[1]) > 0

    final = Store(root)
    everyone = {c.id: c for c in final.contacts(archived=None)}
    added = [(cid, name) for kind, cid, name in events if kind == "contact"]
    logged = [(iid, target) for kind, iid, target in events if kind == "interaction"]
    assert len({cid for cid, _ in added}) == len(added)
    assert len(everyone) == len(added) + len(shared)
    for cid, name in added:
        assert everyone[cid].name == name
    talks = list(final.all_interactions())
    assert len({i.id for i in talks}) == len(talks) == len(logged)
    by_id = {i.id: i for i in talks}
    for iid, target in logged:
        assert by_id[iid].contact_id == target
    for c in everyone.values():
        times = [i.at for i in final.interactions(c.id)]
        assert c.last_interaction_at == (max(times) if times else None)


def test_cli_processes_and_a_store_share_one_directory(tmp_path: Path) -> None:
    """`trustboard log` from several shells at once while a session writes too."""
    root = tmp_path / "data"
    store = Store(root)
    ada = store.add_contact(Contact(id=new_id(), name="Ada Lovelace")).contact
    import subprocess

    from tests.helpers import TRUSTBOARD

    procs = [
        subprocess.Popen([str(TRUSTBOARD), "--data", str(root), "log", "ada", f"shell {k}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for k in range(6)
    ]
    for k in range(6):
        store.log(ada.id, Kind.NOTE, f"session {k}")
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    summaries = sorted(i.summary for i in Store(root).interactions(ada.id))
    assert summaries == sorted([f"shell {k}" for k in range(6)] + [f"session {k}" for k in range(6)])
    assert run_cli("show", "ada", data=root).returncode == 0
