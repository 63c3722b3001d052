"""A file this process wrote keeps its bytes while racy (`ShardCache._hold_bytes`); pushed
out of the last few once old enough, it is compared with the disk and trusted if unchanged
(no digest), and a version changed under the same stat key is not: the next look reads it.
A backup that finds a cached version unchanged and old enough trusts it the same way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from board.model import Stage
from board.store import Store, shards
from board.store.layout import contact_rel
from tests.helpers import FIXED_NOW, one_per_shard


def _moved_then_pushed_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: bool) -> tuple[Store, str]:
    store = Store(tmp_path / "data")
    ids = one_per_shard(store, shards.WRITTEN_BYTES_HELD + 2, FIXED_NOW)
    store.contacts()
    store.move(ids[0], Stage.TALKED)
    rel = contact_rel(ids[0])
    entry = store._cache.files[rel]
    assert entry._raw is not None  # racy: its bytes held
    if tamper:  # another writer's bytes, same inode, size and time
        path = store.root / rel
        st = os.stat(path)
        raw = path.read_bytes()
        with open(path, "r+b") as handle:
            handle.write(raw.replace(b'"name":"Person 0"', b'"name":"Person X"', 1))
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    aged = entry.key
    monkeypatch.setattr(shards, "racy", lambda key: key != aged)  # it, two seconds later
    for cid in ids[1:]:
        store.move(cid, Stage.TALKED)
    assert entry._raw is None  # pushed out
    return store, ids[0]


def test_an_aged_file_unchanged_on_disk_is_trusted_without_a_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, cid = _moved_then_pushed_out(tmp_path, monkeypatch, tamper=False)
    assert store._cache.files[contact_rel(cid)].digest is None


def test_an_aged_file_changed_under_its_key_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, cid = _moved_then_pushed_out(tmp_path, monkeypatch, tamper=True)
    assert store._cache.files[contact_rel(cid)].digest  # not trusted: its digest kept
    assert store.refresh()
    assert store.get(cid).name == "Person X"


def test_a_backup_trusts_a_cached_version_old_enough_and_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "data")
    ids = one_per_shard(store, 2, FIXED_NOW)  # written in one change: a digest each
    store.contacts()
    entry = store._cache.files[contact_rel(ids[0])]
    assert entry.digest
    monkeypatch.setattr(shards, "racy", lambda key: False)
    store.backup("daily")
    assert entry.digest is None
