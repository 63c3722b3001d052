"""SIGKILL at any instant: the data always opens, parses, and keeps every acknowledged write."""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path

import orjson
import pytest

from board.model import Contact, Kind, Stage, new_id
from board.store import JOURNAL_FILE, Store
from tests.helpers import die_at_rename

pytestmark = pytest.mark.slow  # SIGKILL at random moments, many times

KILLS = 32


def _writer(root: Path, ack: int, seed: int) -> None:
    """The child: write in a loop, acknowledging each write on the pipe once it returned."""
    rng = random.Random(seed)
    store = Store(root)
    known = [c.id for c in store.contacts(archived=None)]
    os.write(ack, b"R\n")
    n = 0
    while True:
        n += 1
        step = rng.random()
        if step < 0.25 or not known:
            c = store.add_contact(Contact(id=new_id(), name=f"person {seed}-{n}")).contact
            known.append(c.id)
            line = f"C {c.id} {c.name}"
        elif step < 0.65:
            cid = rng.choice(known)
            item = store.log(cid, rng.choice(list(Kind)), f"talk {seed}-{n}").interaction
            line = f"I {item.id} {cid}"
        elif step < 0.9:
            cid = rng.choice(known)
            stage = rng.choice(list(Stage))
            os.write(ack, f"m {cid} {stage.value}\n".encode())  # may or may not happen
            store.move(cid, stage)
            line = f"M {cid} {stage.value}"
        else:  # a bulk change over many shards: a multi-file commit through the journal
            people = [Contact(id=new_id(), name=f"bulk {seed}-{n}-{k}") for k in range(40)]
            with store.transaction("bulk") as txn:
                txn.put_many(people)
            known.extend(p.id for p in people)
            line = "B " + ",".join(p.id for p in people)
        os.write(ack, (line + "\n").encode())


def _run_and_kill(root: Path, seed: int, delay: float) -> list[str]:
    """Fork a writer, SIGKILL it `delay` seconds after it is ready; its acknowledged lines."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        try:
            os.close(read_end)
            _writer(root, write_end, seed)
        finally:
            os._exit(3)
    os.close(write_end)
    buffer = b""
    ready_at = None
    deadline = time.monotonic() + 30
    while True:
        now = time.monotonic()
        if ready_at is not None and now >= ready_at + delay:
            os.kill(pid, signal.SIGKILL)
            break
        assert now < deadline, "the writer never became ready"
        readable, _, _ = select.select([read_end], [], [], 0.005)
        if readable:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break  # the writer died by itself
            buffer += chunk
            if ready_at is None and b"R\n" in buffer:
                ready_at = time.monotonic()
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the writer failed"
    while chunk := os.read(read_end, 65536):
        buffer += chunk
    os.close(read_end)
    # Only whole lines were acknowledged; a torn last line was not.
    return [line for line in buffer.decode().split("\n")[:-1] if line != "R"]


def _all_files_parse(root: Path) -> None:
    for path in [root / "meta.json", *root.glob("contacts/*.json"), *root.glob("interactions/*.json")]:
        orjson.loads(path.read_bytes())  # raises if any file is torn
    if (root / JOURNAL_FILE).exists():
        orjson.loads((root / JOURNAL_FILE).read_bytes())


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root).close()
    rng = random.Random(2026)
    contacts: dict[str, str] = {}
    interactions: dict[str, str] = {}
    stages: dict[str, list[tuple[str, bool]]] = {}  # per contact: (stage, acknowledged)
    for kill in range(KILLS):
        lines = _run_and_kill(root, seed=kill, delay=rng.uniform(0.0, 0.25))
        for line in lines:
            kind, rest = line[0], line[2:]
            if kind == "C":
                cid, name = rest.split(" ", 1)
                contacts[cid] = name
            elif kind == "B":
                for cid in rest.split(","):
                    contacts[cid] = ""
            elif kind == "I":
                iid, cid = rest.split()
                interactions[iid] = cid
            elif kind in "mM":
                cid, stage = rest.split()
                if kind == "M":
                    stages.setdefault(cid, []).append((stage, True))
                else:
                    stages.setdefault(cid, []).append((stage, False))
        _all_files_parse(root)  # each file on its own is whole, before any recovery

        store = Store(root)
        everyone = {c.id: c for c in store.contacts(archived=None)}
        assert not (root / JOURNAL_FILE).exists()
        _all_files_parse(root)
        for cid, name in contacts.items():
            assert cid in everyone, f"kill {kill}: acknowledged contact {cid} lost"
            assert not name or everyone[cid].name == name
        talks = {i.id: i for i in store.all_interactions()}
        for iid, cid in interactions.items():
            assert iid in talks and talks[iid].contact_id == cid, f"kill {kill}: interaction lost"
        for cid, moves in stages.items():
            # The stage is the last acknowledged move or a later attempted one.
            last = max((n for n, (_, acked) in enumerate(moves) if acked), default=None)
            allowed = {stage for n, (stage, _) in enumerate(moves) if last is None or n >= last}
            if last is None:
                allowed.add(Stage.MET.value)
            assert everyone[cid].stage.value in allowed, f"kill {kill}: stage of {cid}"
        for c in everyone.values():
            times = [i.at for i in talks.values() if i.contact_id == c.id]
            assert c.last_interaction_at == (max(times) if times else None)
        store.close()
    assert len(contacts) > KILLS and len(interactions) > KILLS  # the writers did write


@pytest.mark.parametrize("writes_before_kill", [1, 2, 3])
def test_a_kill_inside_a_multi_file_commit_is_rolled_forward(
    tmp_path: Path, writes_before_kill: int
) -> None:
    """Killed after the journal (1), after one shard (2), or after both (3) were written."""
    root = tmp_path / "data"
    store = Store(root)
    ada = store.add_contact(Contact(id=new_id(), name="Ada")).contact
    store.backup("daily")  # so the log below writes no backup first
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed
        try:
            die_at_rename(writes_before_kill)
            Store(root).log(ada.id, Kind.GAVE, "sent the paper")
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    assert (root / JOURNAL_FILE).exists()
    _all_files_parse(root)
    after = Store(root)
    talks = after.interactions(ada.id)
    assert [i.summary for i in talks] == ["sent the paper"]
    assert after.get(ada.id).last_interaction_at == talks[0].at
    assert not (root / JOURNAL_FILE).exists()
    # The first store's cached view catches up on refresh too.
    assert store.refresh() is True
    assert store.get(ada.id).last_interaction_at == talks[0].at


def test_a_kill_before_the_journal_leaves_the_old_state_and_applies_nothing_later(tmp_path: Path) -> None:
    """Killed once both new shards are written beside their targets, before the journal."""
    root = tmp_path / "data"
    store = Store(root)
    ada = store.add_contact(Contact(id=new_id(), name="Ada")).contact
    store.backup("daily")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed
        try:
            import board.store.files as module

            real = module.write_atomic

            def dying(path: Path, payload: bytes, **kw: object) -> os.stat_result:
                if path.name == JOURNAL_FILE:
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(path, payload, **kw)  # type: ignore[arg-type]

            module.write_atomic = dying  # type: ignore[assignment]
            Store(root).log(ada.id, Kind.GAVE, "sent the paper")
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    assert not (root / JOURNAL_FILE).exists()
    assert list(root.rglob(".*.json.*.tmp"))  # the new shards were written beside their targets
    after = Store(root)
    assert after.interactions(ada.id) == [] and after.get(ada.id).last_interaction_at is None
    assert not list(root.rglob(".*.json.*.tmp"))  # cleaned up on open
