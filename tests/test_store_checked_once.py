"""An interaction file read again in the very version already checked is not checked again.

Today rereads more interaction files than the store keeps parsed; checking each record's
shape costs more than parsing, so the store remembers which versions passed. A file
whose version changed is checked again, and a damaged one is still refused.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from board.errors import DataError
from board.store import INTERACTION_SHARDS_CACHED, Store, codec
from board.store.layout import interaction_rel
from tests.helpers import chat, person

T0 = datetime(2026, 3, 1, 9, 0).astimezone()
OLD = 1_700_000_000  # seconds: long ago, so no file is "racy" (just written)


def _aged(root: Path) -> None:
    for path in (root / "interactions").iterdir():
        os.utime(path, (OLD, OLD))


def test_rereading_a_checked_version_skips_the_check(tmp_path, monkeypatch):
    store = Store(tmp_path / "data")
    people = [person(f"P{n}", at=T0) for n in range(400)]
    with store.transaction("bulk") as txn:
        txn.put_many(people, [chat(p, T0) for p in people])
    _aged(store.root)
    fresh = Store(store.root)
    checks = []
    real = codec.shape_problem
    monkeypatch.setattr(codec, "shape_problem", lambda rel, data: checks.append(rel) or real(rel, data))
    for p in people:  # far more files than are kept parsed
        assert len(fresh.interactions(p.id)) == 1
    files = {interaction_rel(p.id) for p in people}
    assert len(files) > INTERACTION_SHARDS_CACHED
    assert sorted(set(checks)) == sorted(files) and len(checks) == len(files)  # each once
    checks.clear()
    for p in people:
        assert len(fresh.interactions(p.id)) == 1
    assert checks == []  # parsed again, not checked again


def test_a_changed_version_is_checked_and_a_damaged_one_refused(tmp_path):
    store = Store(tmp_path / "data")
    people = [person(f"P{n}", at=T0) for n in range(400)]
    with store.transaction("bulk") as txn:
        txn.put_many(people, [chat(p, T0) for p in people])
    _aged(store.root)
    fresh = Store(store.root)
    for p in people:
        fresh.interactions(p.id)
    victim = people[0]
    path = store.root / interaction_rel(victim.id)
    for p in people[1:]:  # push the victim's file out of the parsed cache
        fresh.interactions(p.id)
    path.write_bytes(path.read_bytes().replace(b'"kind":"call"', b'"kind":17'))
    os.utime(path, (OLD + 60, OLD + 60))
    with pytest.raises(DataError):
        fresh.interactions(victim.id)
