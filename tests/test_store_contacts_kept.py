"""The store keeps the contacts of the shards read last built, up to `CONTACTS_KEPT`: the
shards read longest ago let theirs go and are built again, from that very version of their
file, when next read. Every read gives the same contacts either way."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import generate
from board.model import Kind
from board.store import Store, codec, shard_records
from board.store.layout import contact_rel
from tests.helpers import record_calls


@pytest.fixture
def board(tmp_path: Path) -> Path:
    generate(tmp_path / "d", 600, 1)
    return tmp_path / "d"



def test_the_shards_read_longest_ago_are_built_again(board, monkeypatch):
    everyone = sorted(Store(board).contacts(archived=None), key=lambda c: contact_rel(c.id))
    monkeypatch.setattr(shard_records, "CONTACTS_KEPT", 40)
    store = Store(board)
    for contact in everyone:  # every shard read, in order
        assert store.get(contact.id) == contact
    built = record_calls(monkeypatch, codec, "contact_from_doc", lambda doc: doc["id"])
    last, first = everyone[-1], everyone[0]
    assert store.get(last.id) == last and built == []  # read last: still built
    assert store.get(first.id) == first and first.id in built  # read first: built again
    assert sorted(store.contacts(archived=None), key=lambda c: contact_rel(c.id)) == everyone


def test_a_change_to_a_shard_let_go_reads_back(board, monkeypatch):
    monkeypatch.setattr(shard_records, "CONTACTS_KEPT", 10)
    store = Store(board)
    everyone = store.contacts(archived=None)
    first = everyone[0]
    for contact in everyone[1:]:
        store.get(contact.id)
    store.update_contact(replace(store.get(first.id), title="Kept Apart"))
    for contact in everyone[1:]:
        store.get(contact.id)
    assert store.get(first.id).title == "Kept Apart"
    assert Store(board).get(first.id).title == "Kept Apart"


def test_a_small_board_keeps_every_shard_built(board, monkeypatch):
    store = Store(board)
    everyone = store.contacts(archived=None)
    built = record_calls(monkeypatch, codec, "contact_from_doc", lambda doc: doc["id"])
    for contact in everyone:
        store.get(contact.id)
    assert built == []


def test_a_change_keeps_no_parse_of_the_shards_the_index_looked_at(board, monkeypatch):
    store = Store(board)  # copied or new: the name index holds none of its shards
    everyone = store.contacts(archived=None)
    fresh = Store(board)
    someone, other = everyone[0], next(c for c in everyone[1:] if contact_rel(c.id) != contact_rel(everyone[0].id))
    parsed = record_calls(monkeypatch, fresh._cache, "_parse", lambda rel, raw: rel)
    fresh.log(someone.id, Kind.NOTE, "looked at every shard")
    looked = [rel for rel in parsed if rel.startswith("contacts/")]
    assert len(set(looked)) > 200  # the index's look at every shard (checked as any read)
    parsed.clear()
    assert fresh.get(other.id) == other
    assert parsed == [contact_rel(other.id)]  # its parse was let go: read again
