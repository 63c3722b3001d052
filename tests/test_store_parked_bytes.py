"""A burst of changes to many shards (each written racy) digests none of them: a file pushed
out of the last few while still racy keeps its bytes, parked, up to a budget, and is
compared with the disk once aged (`ShardCache._hold_bytes`); a version changed under the
same stat key meanwhile is still read again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from board.model import Stage
from board.store import Store, shard_entry, shards
from board.store.layout import contact_rel
from tests.helpers import FIXED_NOW, one_per_shard

COUNT = shards.WRITTEN_BYTES_HELD + 6


def _burst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, list[str], list[int]]:
    store = Store(tmp_path / "data")
    ids = one_per_shard(store, COUNT, FIXED_NOW)
    store.contacts()
    digested: list[int] = []
    original = shards.digest
    for module in (shards, shard_entry):
        monkeypatch.setattr(module, "digest", lambda raw: digested.append(len(raw)) or original(raw))
    for cid in ids:
        store.move(cid, Stage.TALKED)
    return store, ids, digested


def test_a_burst_of_changes_to_many_shards_digests_none_of_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, ids, digested = _burst(tmp_path, monkeypatch)
    assert digested == []
    assert all(store._cache.files[contact_rel(cid)]._raw is not None for cid in ids)  # held or parked
    assert not store.refresh()  # each compared by its bytes: nothing changed
    assert digested == []


def test_a_parked_file_changed_under_its_key_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, ids, _ = _burst(tmp_path, monkeypatch)
    path = store.root / contact_rel(ids[0])  # the first moved: parked, not among the last few
    st = os.stat(path)
    raw = path.read_bytes()
    with open(path, "r+b") as handle:
        handle.write(raw.replace(b'"name":"Person 0"', b'"name":"Person X"', 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert store.refresh()
    assert store.get(ids[0]).name == "Person X"


def test_parked_files_beyond_the_budget_are_digested_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "RACY_BYTES_HELD", 0)
    store, _, digested = _burst(tmp_path, monkeypatch)
    assert len(digested) >= COUNT - shards.WRITTEN_BYTES_HELD
    assert store._cache._parked_bytes == 0 and not store._cache._parked


def test_parked_files_once_aged_are_compared_with_the_disk_and_let_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ids, digested = _burst(tmp_path, monkeypatch)
    assert store._cache._parked_bytes > 0
    aged = {entry.key for entry, _ in store._cache._parked.values()}
    monkeypatch.setattr(shards, "racy", lambda key: key not in aged)
    store.move(ids[-1], Stage.MET)  # the parked ones, aged now, are compared with their files
    assert digested == [] and store._cache._parked_bytes == 0 and not store._cache._parked
    assert all(store._cache.files[contact_rel(cid)].digest is None for cid in ids[:-shards.WRITTEN_BYTES_HELD])
