"""Logging into an interaction shard this process wrote by appending to its bytes
(`store/transaction_append.py`) writes exactly the files that encoding every table whole
writes, with the digests the journal names, over many mixed changes."""

from __future__ import annotations

import itertools
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from board.kinds import Kind, Stage
from board.store import Store, transaction_append
from board.store import changes as changes_module
from board.store import journal as journal_module
from board.store.files import digest
from board.store.transaction import Transaction
from tests.helpers import Clock, data_files, person

T0 = datetime(2026, 3, 2, 9, 0).astimezone()


def records(root: Path) -> dict[str, str]:
    """The fingerprints of the record files (not the caches beside them, which depend on
    the machine's clock: a file is recorded in the name index once two seconds old)."""
    return {rel: fp for rel, fp in data_files(root).items() if rel.startswith(("contacts/", "interactions/"))}


def _script(store: Store, ids: list[str], rng: random.Random, clock: Clock) -> None:
    """One random change: mostly logs (several to the same people), some edits, moves,
    unlogs (a removal: encoded whole), and a log of an older time (one file, no journal)."""
    cid = rng.choice(ids)
    roll = rng.random()
    clock.advance(minutes=1)
    if roll < 0.6:
        store.log(cid, Kind.CALL, f"call {rng.random():.6f} \u00e9\"\\\n")
    elif roll < 0.7:
        store.log(cid, Kind.NOTE, "long ago", at=T0 - timedelta(days=400))
    elif roll < 0.8:
        store.move(cid, rng.choice(list(Stage)))
    elif roll < 0.9:
        store.update_contact(store.get(cid).copy(notes=f"edited {rng.random()}"))
    else:
        logged = store.interactions(cid)
        if logged:
            with store.transaction("unlog") as txn:
                txn.remove_interaction(cid, rng.choice(logged).id)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_appending_writes_the_very_files_a_whole_encoding_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    base = tmp_path / "base"
    store = Store(base, clock=Clock(T0))
    people = [person(f"Person {n}", at=T0) for n in range(6)]
    people += [person("Same Shard", at=T0).copy(id=people[0].id[:2] + "f" * 30)]  # a shard of two
    with store.transaction("add") as txn:
        txn.put_many(people, touch=False)
    store.close()
    ids = [p.id for p in people]

    def run(root: Path, append: bool) -> list[dict[str, str]]:
        counter = itertools.count()
        monkeypatch.setattr(changes_module, "new_id", lambda: f"{next(counter):032x}")
        if not append:
            monkeypatch.setattr(Transaction, "_appended", lambda self, rel, ops: None)
        clock = Clock(T0)
        store = Store(root, clock=clock)
        rng = random.Random(seed)
        states = []
        for _ in range(60):
            _script(store, ids, rng, clock)
            states.append(records(root))
        store.close()
        monkeypatch.undo()
        return states

    shutil.copytree(base, tmp_path / "whole")
    shutil.copytree(base, tmp_path / "appended")
    made: list[int] = []
    original = transaction_append.appended

    def counting(*args: object) -> object:
        found = original(*args)  # type: ignore[arg-type]
        made.append(found is not None)
        return found

    named: list[tuple[bytes, bytes]] = []
    replace_files = journal_module.replace_files

    def checking(root: Path, payloads: dict[str, bytes], removals: list[str], sums: dict[str, bytes]) -> None:
        named.extend((sums[rel], digest(payload)) for rel, payload in payloads.items())
        replace_files(root, payloads, removals, sums)

    whole = run(tmp_path / "whole", append=False)
    monkeypatch.setattr(transaction_append, "appended", counting)
    monkeypatch.setattr("board.store.transaction.appended", counting)
    monkeypatch.setattr(journal_module, "replace_files", checking)
    appended = run(tmp_path / "appended", append=True)
    assert appended == whole  # after every change, every data file byte for byte
    assert sum(made) >= 10  # most logs appended (a first log into a shard read from disk does not)
    assert named and all(said == real for said, real in named)
