"""An interaction shard this process wrote, once the cache has let go of it (the least
recently used of `INTERACTION_SHARDS_CACHED`), is read again without a second shape check
when its bytes are still the ones written (same stat key, same digest), and the next log
appends to it (`store/shards.py` `_ours_again`): the very bytes encoding it whole gives.
Bytes changed under the same key are not taken for it: they are checked, and refused if
damaged, nothing written."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from board.errors import DataError
from board.kinds import Kind
from board.store import Store, codec
from board.store.files import dumps
from board.store.layout import interaction_rel
from board.store.shards import INTERACTION_SHARDS_CACHED
from board.store.transaction import Transaction
from tests.helpers import one_per_shard, record_calls

T0 = datetime(2026, 3, 2, 9, 0).astimezone()


def _let_go_of_the_first(store: Store, ids: list[str]) -> None:
    """Log to the first person, then read enough other shards for the cache to let it go."""
    store.log(ids[0], Kind.CALL, "first")
    for cid in ids[1:]:
        store.interactions(cid)
    assert interaction_rel(ids[0]) not in store._cache.ifiles


@pytest.fixture
def board(tmp_path: Path) -> tuple[Store, list[str]]:
    store = Store(tmp_path / "data")
    ids = one_per_shard(store, INTERACTION_SHARDS_CACHED + 4, T0)
    for cid in ids:
        store.log(cid, Kind.NOTE, "met")
    return store, ids


def test_a_shard_written_and_let_go_is_appended_to_unchecked(
    board: tuple[Store, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, ids = board
    _let_go_of_the_first(store, ids)
    checked = record_calls(monkeypatch, codec, "shape_problem", lambda rel, data: rel)
    results: list[object] = []
    real = Transaction._appended

    def appending(txn: Transaction, rel: str, ops: list) -> object:
        results.append(real(txn, rel, ops))
        return results[-1]

    monkeypatch.setattr(Transaction, "_appended", appending)
    store.log(ids[0], Kind.CALL, "second \u00e9\"\\")
    rel = interaction_rel(ids[0])
    assert rel not in checked
    assert results and results[0] is not None  # appended, not encoded whole
    raw = (store.root / rel).read_bytes()
    assert dumps(orjson.loads(raw)) == raw  # the bytes a whole encoding gives
    assert [i.summary for i in Store(store.root).interactions(ids[0])] == ["met", "first", "second \u00e9\"\\"]


def test_a_shard_changed_in_place_under_the_same_key_is_checked_and_refused(
    board: tuple[Store, list[str]],
) -> None:
    store, ids = board
    _let_go_of_the_first(store, ids)
    path = store.root / interaction_rel(ids[0])
    st = os.stat(path)
    raw = path.read_bytes()
    damaged = raw.replace(b'"kind":"call"', b'"kind":"cal!"', 1)
    assert damaged != raw and len(damaged) == len(raw)
    with open(path, "r+b") as handle:  # the same inode and size, its time put back: the same key
        handle.write(damaged)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    now = os.stat(path)
    assert (now.st_ino, now.st_size, now.st_mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)
    contact_file = store.root / "contacts" / path.name
    before = contact_file.read_bytes()
    with pytest.raises(DataError, match="unknown kind"):
        store.log(ids[0], Kind.CALL, "refused")
    assert path.read_bytes() == damaged and contact_file.read_bytes() == before
