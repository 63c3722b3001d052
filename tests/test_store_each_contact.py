"""`Store.each_contact`: everyone, shard by shard, keeping built only the shards that were
(a scan of everyone holds one shard's contacts at a time, not the whole store)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import generate
from board.store import Store, codec
from board.store.layout import contact_rel
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


# --- each_sketch: the same people, six fields each, no contact built ------------------------


def _sketch(c):
    return (c.id, c.name, c.stage, c.company, list(c.expertise), c.archived)


def test_each_sketch_is_each_contact_in_six_fields(board):
    for archived in (False, True, None):
        assert sorted(map(tuple, Store(board).each_sketch(archived=archived))) == sorted(
            _sketch(c) for c in Store(board).each_contact(archived=archived))


def test_a_sketch_pass_builds_no_contact_and_keeps_no_parse(board, monkeypatch):
    store = Store(board)
    built = record_calls(monkeypatch, codec, "contact_from_doc", lambda doc: doc["id"])
    assert len(list(store.each_sketch(archived=None))) == 600
    assert built == []
    scanned = Store(board)
    list(scanned.each_contact(archived=None))
    held = {rel for rel, entry in store._cache.files.items() if entry.held}
    assert held == {rel for rel, entry in scanned._cache.files.items() if entry.held}  # as a scan leaves them
    assert len(held) < len(store._cache.files) // 4
    one = store.contacts(archived=None)[0]  # the records are read again as usual
    assert store.get(one.id) == one


def test_a_sketch_pass_keeps_a_parse_it_found_kept(board):
    store = Store(board)
    store.contacts(archived=None)  # every shard built: sketched from the contacts
    built = {rel for rel, entry in store._cache.files.items() if entry.contacts is not None}
    assert len(built) == 256
    list(store.each_sketch())
    assert {rel for rel, entry in store._cache.files.items() if entry.contacts is not None} == built


def test_a_record_off_the_written_form_is_sketched_as_it_is_built(board):
    """A hand-edited record (expertise as one string, no company) takes the slow
    path, and comes out as the contact built from it; a record that cannot be one is the
    shard's damage, as a scan of contacts says."""
    store = Store(board)
    someone = next(store.each_contact())
    shard = board / contact_rel(someone.id)
    import orjson

    data = orjson.loads(shard.read_bytes())
    doc = data["contacts"][someone.id]
    doc["expertise"], doc["company"] = "estate planning", None
    shard.write_bytes(orjson.dumps(data))
    sketched = {s.id: s for s in Store(board).each_sketch(archived=None)}[someone.id]
    contact = Store(board).get(someone.id)
    assert tuple(sketched) == _sketch(contact)
    assert (contact.expertise, contact.company) == (["estate planning"], "")
    doc["name"] = ""
    shard.write_bytes(orjson.dumps(data))
    from board.errors import DataError

    with pytest.raises(DataError, match="cannot be read"):
        list(Store(board).each_sketch(archived=None))
