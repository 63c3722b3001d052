"""`Store.each_contact`: everyone, shard by shard, keeping built only the shards that were
(a scan of everyone holds one shard's contacts at a time, not the whole store)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import generate
from board.store import Store, codec
from tests.helpers import record_calls


@pytest.fixture
def board(tmp_path: Path) -> Path:
    generate(tmp_path / "d", 600, 1)
    return tmp_path / "d"



def test_each_contact_is_contacts_shard_by_shard(board):
    store = Store(board)
    for archived in (False, True, None):
        assert sorted(store.each_contact(archived=archived), key=lambda c: c.id) == sorted(
            Store(board).contacts(archived=archived), key=lambda c: c.id)


def test_a_scan_keeps_no_shard_built(board, monkeypatch):
    store = Store(board)
    built = record_calls(monkeypatch, codec, "contact_from_doc", lambda doc: doc["id"])
    everyone = list(store.each_contact(archived=None))
    assert len(built) == len(everyone) == 600
    built.clear()
    one = everyone[0]
    assert store.get(one.id) == one  # its shard is built again: the scan let it go
    assert one.id in built
    built.clear()
    assert store.get(one.id) == one  # and now kept, as any read keeps it
    assert built == []


def test_a_scan_reuses_and_keeps_the_shards_already_built(board, monkeypatch):
    store = Store(board)
    first = store.contacts(archived=None)[0]
    built = record_calls(monkeypatch, codec, "contact_from_doc", lambda doc: doc["id"])
    assert len(list(store.each_contact(archived=None))) == 600
    assert built == []  # every shard was built: nothing is built again
    store.get(first.id)
    assert built == []


def test_a_scan_sees_a_change_made_since(board):
    store = Store(board)
    someone = next(store.each_contact())
    store.update_contact(replace(someone, title="Chief Scanner"))
    assert [c.title for c in store.each_contact() if c.id == someone.id] == ["Chief Scanner"]
