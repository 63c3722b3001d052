"""What one change costs the store beyond its writes: no cycles left behind, no second
reading of files it just wrote or that the name index still holds."""

from __future__ import annotations

import gc
import os
import weakref
from datetime import datetime
from pathlib import Path

import pytest

from board.kinds import Kind, Stage
from board.store import Store
from board.store import names as names_module
from board.store.files import stat_key
from board.store.layout import CONTACTS, rel, shard_of
from board.store.shards import WRITTEN_BYTES_HELD, ShardCache
from tests.helpers import Clock, one_per_shard

T0 = datetime(2026, 3, 2, 9, 0).astimezone()


@pytest.fixture
def db(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", clock=Clock(T0))


def test_a_change_is_freed_without_the_cyclic_collector(db: Store) -> None:
    """Its transaction (and every file it read) goes as soon as the change is done:
    a cycle would keep them until a full collection, which grows with the board."""
    (cid,) = one_per_shard(db, 1, T0)
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        with db.transaction("log") as txn:
            txn.require(cid)
            txn.put_contact(db.get(cid).copy(notes="seen"))
        gone = weakref.ref(txn)
        del txn
        assert gone() is None
        db.log(cid, Kind.CALL, "a call")
        db.move(cid, Stage.TALKED)
        assert gc.collect() == 0  # nothing was left for the collector
    finally:
        if enabled:
            gc.enable()


def test_a_same_key_rewrite_is_noticed_after_the_bytes_are_let_go(db: Store) -> None:
    """Past the last few files written, a recent file is checked by its digest again."""
    ids = one_per_shard(db, WRITTEN_BYTES_HELD + 3, T0)
    first = ids[0]
    db.move(first, Stage.TALKED)
    for other in ids[1:]:  # each its own shard: the first one's bytes are let go
        db.move(other, Stage.TALKED)
    path = db.root / rel(CONTACTS, shard_of(first))
    st = path.stat()
    raw = path.read_bytes()
    changed = raw.replace(b'"name":"Person 0"', b'"name":"Person X"')
    assert len(changed) == len(raw) and changed != raw
    with open(path, "r+b") as handle:  # same inode, same size
        handle.write(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime
    assert db.refresh() is True
    assert db.get(first).name == "Person X"


def test_the_name_index_is_rewritten_from_itself_for_shards_it_still_holds(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rewriting index.json reads again only the shards that changed since it was
    written, not every shard whose parse was let go."""
    ids = one_per_shard(db, 40, T0)
    monkeypatch.setattr(names_module, "racy", lambda key: False)  # every file old enough
    db.move(ids[0], Stage.TALKED)  # writes the index: every shard as it is now
    fresh = Store(db.root, clock=Clock(T0))
    fresh.contacts()  # every shard parsed, its contacts built, its parse let go
    reread: list[str] = []
    original = ShardCache.reread

    def counting(self: ShardCache, rel_path: str, entry: object) -> object:
        reread.append(rel_path)
        return original(self, rel_path, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(ShardCache, "reread", counting)
    changed = ids[1:20]  # more than the index's gain: the next change rewrites it
    for cid in changed:
        fresh.move(cid, Stage.TALKED)
    written = names_module.NameIndex(db.root, fresh._cache).read()
    first = rel(CONTACTS, shard_of(changed[0]))
    assert written.keys[first] == stat_key(db.root / first)  # rewritten since that shard moved
    assert set(written.keys) == {rel(CONTACTS, shard_of(c)) for c in ids}
    assert fresh.find("Person 19").id == ids[19]
    # Only shards that were moved were read again (each by its own change, and by the
    # rewrite if its parse had been let go since), none that the index still held.
    assert set(reread) <= {rel(CONTACTS, shard_of(c)) for c in changed}


def test_the_tinydb_table_update_is_tinydbs_own(tmp_path: Path) -> None:
    """`StrIdTable._update_table` overrides TinyDB's private method: it must still exist
    there, and both must leave the very same tables (records, ids and order)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from tinydb.table import Table

    from board.store.transaction_tables import StrIdTable, shard_table

    assert callable(getattr(Table, "_update_table", None))  # TinyDB renamed it: see the override

    class TinyDBs(StrIdTable):
        def _update_table(self, updater):  # type: ignore[no-untyped-def]
            return Table._update_table(self, updater)

    ops = st.lists(st.tuples(st.sampled_from("abcdefgh"), st.booleans(), st.integers(0, 9)), max_size=30)

    @settings(max_examples=80, deadline=None)
    @given(start=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 9)), ops=ops)
    def same(start: dict[str, int], ops: list[tuple[str, bool, int]]) -> None:
        results = []
        for cls in (StrIdTable, TinyDBs):
            stored = {"t": {k: {"id": k, "v": v} for k, v in start.items()}, "other": {"x": {"id": "x"}}}
            table = shard_table(lambda stored=stored: stored, stored.update, "t")
            table.__class__ = cls
            for key, put, value in ops:
                if key in stored["t"]:
                    table.remove_ids([key])
                if put:
                    table.insert_doc({"id": key, "v": value}, key)
            results.append([(name, list(t.items())) for name, t in stored.items()])
        assert results[0] == results[1]

    same()
