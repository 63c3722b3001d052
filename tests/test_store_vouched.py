"""A transaction's vouch for every contact shard, kept between transactions (`store/vouched.py`),
gives the very answer a full look at every shard gives, whatever changed in between."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from board.kinds import Stage
from board.store import Store
from board.store import names as names_module
from board.store.layout import CONTACT_RELS, CONTACTS, rel, shard_of
from board.store.names import NameIndex
from tests.helpers import Clock, one_per_shard

T0 = datetime(2026, 3, 2, 9, 0).astimezone()


def full_look(store: Store) -> tuple[set[str], int, int]:
    """What a vouch that keeps nothing says over the same cache: indexed, hits, unheld."""
    index = NameIndex(store.root, store._cache)
    indexed = index.vouch(recheck_loaded=False)
    return indexed, index.hits, index._unheld


def kept(store: Store) -> tuple[set[str], int, int]:
    index = store._index
    indexed = index.vouch(recheck_loaded=False)
    return indexed, index.hits, index._unheld


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, list[str], set[str]]:
    """A board of 40 people, each in a shard of their own, every shard loaded; `young`
    names the shards taken as racy (written too recently for the index to hold)."""
    young: set[str] = set()
    monkeypatch.setattr(names_module, "racy", lambda key: key is not None and key in young)
    store = Store(tmp_path / "data", clock=Clock(T0))
    ids = one_per_shard(store, 40, T0)
    store.contacts()
    assert all(r in store._cache.files for r in CONTACT_RELS)
    return store, ids, young  # type: ignore[return-value]


def test_the_kept_answer_is_a_full_looks_after_every_kind_of_change(board) -> None:
    store, ids, young = board
    assert kept(store) == full_look(store)
    for n, cid in enumerate(ids[:25]):  # enough moves for the index to be rewritten
        store.move(cid, Stage.TALKED if n % 2 else Stage.TRUSTED)
        assert kept(store) == full_look(store), n
    assert store._index.hits > 0  # (the index was written: some shards are held)

    # A shard turns racy, then ages: the kept answer follows the clock.
    key = store._cache.files[rel(CONTACTS, shard_of(ids[30]))].key
    young.add(key)
    store.move(ids[30], Stage.TALKED)  # its new key, not the one made young
    young.add(store._cache.files[rel(CONTACTS, shard_of(ids[30]))].key)
    assert kept(store) == full_look(store)
    young.clear()
    assert kept(store) == full_look(store)

    # Another process rewrites a shard: a refresh loads it again.
    other = Store(store.root, clock=Clock(T0))
    other.move(ids[31], Stage.TRUSTED)
    other.close()
    assert store.refresh() is True
    assert kept(store) == full_look(store)

    # A shard forgotten by the cache is looked at again (a stat), and loaded.
    store._cache.forget(rel(CONTACTS, shard_of(ids[32])))
    assert kept(store) == full_look(store)

