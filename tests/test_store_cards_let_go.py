"""Cards made from the shards themselves (no card file yet, or one that no longer holds)
keep no contact: they copy what the board draws and filters on, and a card reads its
whole contact when asked. Every shard's contacts kept built held most of the memory of a
board opened without its card file."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from board.search import haystack
from board.store import Store, codec
from tests.helpers import record_calls


def test_cards_from_shards_hold_no_contact_and_keep_none_built(tmp_path: Path, monkeypatch):
    generate(tmp_path / "d", 400, 1)
    store = Store(tmp_path / "d")
    cards = store.cards()
    everyone = {c.id: c for c in Store(tmp_path / "d").contacts(archived=None)}
    assert len(cards) == len(everyone) == 400
    for card in cards:
        whole = everyone[card.id]
        assert card.contact is None
        assert (card.name, card.stage, card.archived, card.company, card.title, card.tags, card.text) == (
            whole.name, whole.stage, whole.archived, whole.company, whole.title, whole.tags, haystack(whole))
    built = record_calls(monkeypatch, codec, "contact_from_doc", lambda doc: doc["id"])
    assert store.get(cards[0].id) == everyone[cards[0].id]
    assert cards[0].id in built  # read again: the cards kept no shard built


def test_cards_of_shards_already_built_share_their_contacts(tmp_path: Path):
    generate(tmp_path / "d", 50, 1)
    store = Store(tmp_path / "d")
    everyone = {c.id: c for c in store.contacts(archived=None)}
    assert all(card.contact is everyone[card.id] for card in store.cards())
