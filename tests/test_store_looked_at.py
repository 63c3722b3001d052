"""What reading a few people, or every card's filter text, leaves built: a person looked at
(`Store.get`: Today's next steps, the selected card) is built alone from its record, not
with the hundreds in its shard; the filter's first pass reads each card's text alone, not
the rest of its cold fields. Both held memory that grew with the board."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.generate import generate
from board.kinds import Kind
from board.search import haystack
from board.store import Store, codec
from board.store.layout import contact_rel
from tests.helpers import record_calls
from tests.helpers.files import write_card_file


def _board(tmp_path: Path, size: int) -> Path:
    root = tmp_path / "d"
    generate(root, size, 1)
    write_card_file(root)  # (a board opened once: the card file holds for every shard)
    return root


def test_a_person_looked_at_is_built_alone_and_the_shard_keeps_no_parse(tmp_path: Path, monkeypatch):
    root = _board(tmp_path, 600)
    everyone = {c.id: c for c in Store(root).contacts(archived=None)}
    store = Store(root)
    cards = store.cards()
    wanted = cards[0].id
    built = record_calls(monkeypatch, codec, "contact_from_doc", lambda doc: doc["id"])
    first = store.get(wanted)
    assert first == everyone[wanted]
    assert built == [wanted]  # not the others of its shard
    entry = store._cache.files[contact_rel(wanted)]
    assert entry.contacts is None and not entry.held  # its parse went too
    assert store.get(wanted) is first  # looked at again: no second build
    assert built == [wanted]
    neighbour = next(c.id for c in cards if c.id != wanted and contact_rel(c.id) == contact_rel(wanted))
    assert store.get(neighbour) == everyone[neighbour]
    assert built == [wanted, neighbour]


def test_an_edit_of_a_person_looked_at_keeps_what_another_process_saved(tmp_path: Path):
    root = _board(tmp_path, 300)
    store = Store(root)
    wanted = store.cards()[0].id
    looked_at = store.get(wanted)  # the board shows them, built alone
    other = Store(root)  # another trustboard changes their notes meanwhile
    other.update_contact(other.get(wanted).copy(notes="saved elsewhere"))
    other.close()
    store.update_contact(looked_at.copy(title="Head of Giving"))
    saved = Store(root).get(wanted)
    assert (saved.title, saved.notes) == ("Head of Giving", "saved elsewhere")


def test_the_filter_reads_each_cards_text_alone(tmp_path: Path):
    root = _board(tmp_path, 500)
    everyone = {c.id: c for c in Store(root).contacts(archived=None)}
    cards = Store(root).cards()
    colds = {id(card.cold): card.cold for card in cards}
    assert all(cold is not None for cold in colds.values()) and len(colds) > 100
    assert [card.text for card in cards] == [haystack(everyone[card.id]) for card in cards]
    for cold in colds.values():
        assert cold is not None and cold._rows is None  # the rest of the rows went
    # Any other cold field is still there when asked, as written.
    for card in cards[::7]:
        whole = everyone[card.id]
        assert (card.company, card.title, card.tags, card.created_at, card.text) == (
            whole.company, whole.title, whole.tags, whole.created_at, haystack(whole))


def test_texts_of_damaged_cold_bytes_come_from_the_shards(tmp_path: Path):
    root = _board(tmp_path, 200)
    everyone = {c.id: c for c in Store(root).contacts(archived=None)}
    cards_file = root / "cards.json"
    raw = bytearray(cards_file.read_bytes())
    first_line = raw.index(b"\n")
    raw[first_line + 20] ^= 0x01  # a bit flipped in the first shard's cold bytes
    cards_file.write_bytes(bytes(raw))
    cards = Store(root).cards()
    assert [card.text for card in cards] == [haystack(everyone[card.id]) for card in cards]


def _age_interactions(root: Path) -> None:
    old = time.time_ns() - 3600 * 10**9
    for path in (root / "interactions").glob("*.json"):
        os.utime(path, ns=(old, old))


def test_a_history_read_again_is_not_parsed_again_until_its_shard_changes(tmp_path: Path, monkeypatch):
    root = _board(tmp_path, 300)
    _age_interactions(root)
    store = Store(root)
    wanted = next(c.id for c in store.cards() if store.interactions(c.id))
    first = store.interactions(wanted)
    store._cache.ifiles.clear()  # (its shard pushed out of the cache, as 25 of them at 100,000)
    parsed = record_calls(monkeypatch, store._cache, "entry", lambda rel: rel)
    assert store.interactions(wanted) == first
    assert parsed == []
    other = Store(root)  # another trustboard logs a call with them
    other.log(wanted, Kind.CALL, "called from elsewhere")
    other.close()
    again = store.interactions(wanted)
    assert [i.summary for i in again] == [i.summary for i in first] + ["called from elsewhere"]
    store.log(wanted, Kind.NOTE, "a note of mine")
    assert store.interactions(wanted)[-1].summary == "a note of mine"
