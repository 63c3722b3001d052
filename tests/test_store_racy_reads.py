"""A file read while racy (written in the last two seconds) keeps its bytes for the next
look instead of a digest of them, as a file just written does; a rewrite with the very
same stat key is noticed either way."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from board.kinds import Kind
from board.store import Store, shard_entry
from board.store import shards as shards_module
from board.store.layout import CONTACTS, rel, shard_of
from board.store.shards import WRITTEN_BYTES_HELD
from tests.helpers import Clock, one_per_shard

T0 = datetime(2026, 3, 2, 9, 0).astimezone()


def _board(root: Path, count: int) -> list[str]:
    """`count` people, each in a shard of their own, each with one interaction."""
    store = Store(root, clock=Clock(T0))
    ids = one_per_shard(store, count, T0)
    for cid in ids:
        store.log(cid, Kind.CALL, "first call", at=T0)
    store.close()
    return ids


def test_a_command_naming_one_person_digests_none_of_the_files_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    _board(root, 1)
    digested: list[int] = []
    original = shards_module.digest
    for module in (shards_module, shard_entry):  # the cache, and its entries
        monkeypatch.setattr(module, "digest", lambda raw: digested.append(len(raw)) or original(raw))
    store = Store(root, clock=Clock(T0))  # every file is racy: all were just written
    # meta.json, the contact shard, the interaction shard: read, then the last two written
    found = store.find("Person 0")
    store.log(found.id, Kind.NOTE, "again", at=T0)
    assert digested == []
    assert [i.summary for i in store.interactions(found.id)] == ["first call", "again"]


def _rewrite_same_key(path: Path, old: bytes, new: bytes) -> None:
    """Change a file's bytes keeping its inode, size and mtime: its stat key."""
    st = path.stat()
    raw = path.read_bytes()
    changed = raw.replace(old, new)
    assert len(changed) == len(raw) and changed != raw
    with open(path, "r+b") as handle:
        handle.write(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_same_key_rewrite_of_a_file_read_while_racy_is_noticed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    ids = _board(root, WRITTEN_BYTES_HELD + 3)
    store = Store(root, clock=Clock(T0))
    for cid in ids:  # each read while racy; the first ones' bytes give way to a digest
        store.get(cid)
    last = len(ids) - 1
    _rewrite_same_key(root / rel(CONTACTS, shard_of(ids[0])), b'"name":"Person 0"', b'"name":"Person Z"')
    _rewrite_same_key(root / rel(CONTACTS, shard_of(ids[last])), f'"name":"Person {last}"'.encode(),
                      b'"name":"Person Y"')
    assert store.refresh() is True
    assert store.get(ids[0]).name == "Person Z"  # noticed by its digest
    assert store.get(ids[last]).name == "Person Y"  # noticed by its bytes
