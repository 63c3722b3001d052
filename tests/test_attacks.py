"""Attacks on the new write paths: SIGKILL during resource writes, migrations opened by
several processes at once, a restore while other processes write."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import select
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from board.model import Interaction, Kind, Resource, new_id
from board.store import CONTACTS, INTERACTIONS, JOURNAL_FILE, Store, rel, shard_of
from board.store.maintenance import check, restore
from tests.helpers import chat, person

pytestmark = pytest.mark.slow
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _resource_writer(root: Path, ack: int, seed: int) -> None:
    """Add, edit and remove resources, alone and with an interaction in one change."""
    rng = random.Random(seed)
    store = Store(root)
    ada = store.find("Ada").id
    mine = [r.id for r in store.resources()]
    os.write(ack, b"R\n")
    n = 0
    while True:
        n += 1
        step = rng.random()
        if step < 0.4 or not mine:
            r = store.add_resource(Resource(id=new_id(), title=f"guide {seed}-{n}")).resource
            assert r is not None
            mine.append(r.id)
            line = f"A {r.id}"
        elif step < 0.6:
            rid = rng.choice(mine)
            store.update_resource(store.get_resource(rid).copy(note=f"note {seed}-{n}"))
            line = f"E {rid} note {seed}-{n}"
        elif step < 0.75:
            rid = mine.pop(rng.randrange(len(mine)))
            os.write(ack, f"d {rid}\n".encode())  # may or may not happen
            store.remove_resource(rid)
            line = f"D {rid}"
        else:  # a resource shared with Ada: three files in one journalled change
            guide = Resource(id=new_id(), title=f"shared {seed}-{n}")
            talk = Interaction(new_id(), ada, store.clock(), Kind.GAVE, "the guide", resource_id=guide.id)
            with store.transaction("shared") as txn:
                txn.put_resource(guide)
                txn.put_interaction(talk)
            mine.append(guide.id)
            line = f"S {guide.id} {talk.id}"
        os.write(ack, (line + "\n").encode())


def _kill_after(root: Path, seed: int, delay: float) -> list[str]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - killed
        try:
            os.close(read_end)
            _resource_writer(root, write_end, seed)
        finally:
            os._exit(3)
    os.close(write_end)
    buffer, ready = b"", None
    deadline = time.monotonic() + 30
    while True:
        now = time.monotonic()
        if ready is not None and now >= ready + delay:
            os.kill(pid, signal.SIGKILL)
            break
        assert now < deadline, "the writer never became ready"
        if select.select([read_end], [], [], 0.005)[0]:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            buffer += chunk
            if ready is None and b"R\n" in buffer:
                ready = time.monotonic()
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), "the writer failed"
    while chunk := os.read(read_end, 65536):
        buffer += chunk
    os.close(read_end)
    return [line for line in buffer.decode().split("\n")[:-1] if line != "R"]


def test_sigkill_during_resource_writes_loses_nothing_acknowledged(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root).add_contact(person("Ada", at=T0))
    rng = random.Random(11)
    alive: dict[str, str | None] = {}  # resource id -> its acknowledged note
    shared: dict[str, str] = {}  # interaction id -> resource id
    for kill in range(20):
        for line in _kill_after(root, kill, rng.uniform(0.0, 0.2)):
            kind, rest = line[0], line[2:]
            if kind == "A":
                alive[rest] = None
            elif kind == "E":
                rid, note = rest.split(" ", 1)
                alive[rid] = note
            elif kind in "dD":  # attempted (and maybe done) or acknowledged: gone or going
                alive.pop(rest, None)
            elif kind == "S":
                rid, iid = rest.split()
                alive[rid] = None
                shared[iid] = rid
        store = Store(root)
        assert not (root / JOURNAL_FILE).exists()
        found = {r.id: r for r in store.resources()}
        for rid, note in alive.items():
            assert rid in found, f"kill {kill}: acknowledged resource lost"
            assert note is None or found[rid].note == note or found[rid].note.startswith("note ")
        talks = {i.id: i for i in store.interactions(store.find("Ada").id)}
        for iid, rid in shared.items():
            assert talks[iid].resource_id == rid
        assert check(root).problems == [], f"kill {kill}"
        store.close()
    assert len(alive) > 5


def _open_v1(root: str, out: mp.Queue) -> None:
    try:
        store = Store(root)
        out.put(("ok", len(store.contacts()), store.schema_version()))
    except Exception as exc:  # reported to the test
        out.put(("error", f"{type(exc).__name__}: {exc}", 0))


def test_several_processes_opening_a_schema_1_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    root = tmp_path / "old"
    (root / CONTACTS).mkdir(parents=True)
    (root / INTERACTIONS).mkdir()
    people = [person(f"P{n}", at=T0) for n in range(200)]
    shards: dict[str, dict] = {}
    for c in people:
        doc = {k: v for k, v in c.to_dict().items()
               if k not in ("nickname", "birthday", "introduced_by", "reminder", "reconnect_on",
                            "stage_history", "name_parts")}
        shards.setdefault(rel(CONTACTS, shard_of(c.id)), {CONTACTS: {}})[CONTACTS][c.id] = doc
    for name, data in shards.items():
        (root / name).write_bytes(orjson.dumps(data))
    (root / "meta.json").write_bytes(b'{"_meta": {"schema": {"schema_version": 1}}}')
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    procs = [ctx.Process(target=_open_v1, args=(str(root), out)) for _ in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert results == [("ok", 200, 2)] * 4, results
    assert [p.name.endswith("before-migration") for p in (root / "backups").iterdir()] == [True]
    assert check(root).problems == []


def _logger(root: str, n: int, stop: mp.Event, out: mp.Queue) -> None:
    store = Store(root)
    ada = store.find("Ada").id
    count = 0
    try:
        while not stop.is_set():
            store.log(ada, Kind.NOTE, f"writer {n} note {count}", at=T0 + timedelta(minutes=count))
            count += 1
        out.put(("ok", n, count))
    except Exception as exc:
        out.put(("error", n, f"{type(exc).__name__}: {exc}"))


def test_a_restore_while_other_processes_write_leaves_a_consistent_store(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store = Store(root)
    ada = store.add_contact(person("Ada", at=T0)).contact
    for n in range(20):
        store.add_contact(person(f"Other {n}", at=T0))
        store.log(ada.id, Kind.CALL, f"before {n}", at=T0)
    good = store.backup("daily")
    store.close()
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    stop = ctx.Event()
    writers = [ctx.Process(target=_logger, args=(str(root), n, stop, out)) for n in range(3)]
    for w in writers:
        w.start()
    time.sleep(0.5)
    done = restore(root, good.name)
    time.sleep(0.5)
    stop.set()
    results = [out.get(timeout=60) for _ in writers]
    for w in writers:
        w.join(timeout=60)
    assert all(r[0] == "ok" and r[2] > 0 for r in results), results
    assert done.backup == good
    assert check(root).problems == []
    final = Store(root)
    talks = final.interactions(ada.id)
    assert {t.summary for t in talks} >= {f"before {n}" for n in range(20)}
    assert final.get(ada.id).last_interaction_at == max(t.at for t in talks)


def test_two_stores_in_one_process_and_a_restore_do_not_deadlock(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    ada = store.add_contact(person("Ada", at=T0)).contact
    good = store.backup("daily")
    store.log(ada.id, Kind.CALL, "later")
    other = Store(store.root)
    other.restore(good.name)
    assert store.interactions(ada.id) == [] and chat(ada, T0).contact_id == ada.id
