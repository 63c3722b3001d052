"""The store keeps built the contacts of every shard a read built (a change to a person
then splices their record into the shard's bytes); a look at a shard for its records
alone (the name index's) keeps none of its parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate
from board.model import Kind
from board.store import Store, codec
from board.store.layout import contact_rel
from tests.helpers import record_calls


@pytest.fixture
def board(tmp_path: Path) -> Path:
    generate(tmp_path / "d", 600, 1)
    return tmp_path / "d"



def test_a_board_keeps_every_shard_it_built(board, monkeypatch):
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
