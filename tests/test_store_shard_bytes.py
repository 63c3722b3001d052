"""The interaction-shard cache is bounded by the bytes of the files it holds as well as by
their number (`store/shards.py`): a board's shards grow with it (0.3 MB each at 30,000
contacts, 1.1 MB at 100,000) and a parse holds about three times its file, so 32 of them
held over 100 MiB on the largest boards. The last few stay however large they are."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from board.kinds import Kind
from board.store import Store
from board.store import shards as shards_module
from board.store.layout import interaction_rel
from tests.helpers import one_per_shard

T0 = datetime(2026, 3, 2, 9, 0).astimezone()
LONG = " ".join(["a long note"] * 200)  # about 2.5 kB a shard


def _held(store: Store) -> int:
    return sum(entry.key[1] for entry in store._cache.ifiles.values() if entry.key is not None)


def test_the_cache_holds_no_more_bytes_than_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "data")
    ids = one_per_shard(store, 12, T0)
    for cid in ids:
        store.log(cid, Kind.NOTE, LONG)
    size = _held_one(store, ids[0])
    monkeypatch.setattr(shards_module, "INTERACTION_BYTES_CACHED", 6 * size, raising=False)
    reader = Store(tmp_path / "data")
    for cid in ids:
        assert [i.summary for i in reader.interactions(cid)] == [LONG]
    assert len(reader._cache.ifiles) == 6  # not 12: the count's bound (32) is not reached
    assert _held(reader) <= 6 * size
    assert list(reader._cache.ifiles) == [interaction_rel(cid) for cid in ids[-6:]]  # the latest
    for cid in ids:  # read again, let go and read again: the same answers
        assert [i.summary for i in reader.interactions(cid)] == [LONG]


def test_the_last_few_shards_stay_however_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "data")
    ids = one_per_shard(store, 8, T0)
    for cid in ids:
        store.log(cid, Kind.NOTE, "met")
    monkeypatch.setattr(shards_module, "INTERACTION_BYTES_CACHED", 1, raising=False)  # every shard is over it
    reader = Store(tmp_path / "data")
    for cid in ids:
        reader.interactions(cid)
    kept = 4  # INTERACTION_SHARDS_KEPT
    assert list(reader._cache.ifiles) == [interaction_rel(cid) for cid in ids[-kept:]]


def _held_one(store: Store, contact_id: str) -> int:
    entry = store._cache.ifiles[interaction_rel(contact_id)]
    assert entry.key is not None
    return entry.key[1]
