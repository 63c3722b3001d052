"""Every file of the corpus (tests/data): the exact people and fields it holds, nothing lost
or cut; re-importing changes nothing; a dry run reports exactly what the real run does."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_expected import EXPECTED

from board.exporters import export_data
from board.importers import guess_kind, import_file
from board.store import Store
from board.transfer.vcard import read_cards
from board.transfer.vcard_write import escape
from tests.helpers import data_files

DATA = Path(__file__).resolve().parent / "data"
FIELDS = ("name", "emails", "phones", "company", "title", "notes", "urls", "tags", "nickname", "birthday")


def test_every_corpus_file_is_listed_in_sources_and_expected():
    files = {str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.suffix in (".vcf", ".csv", ".tsv")}
    assert files == set(EXPECTED)
    sources = (DATA / "SOURCES.md").read_text()
    assert all(f"`{name}`" in sources for name in files)


def _view(store: Store) -> list[dict]:
    people = []
    for contact in store.contacts(archived=None):
        people.append({k: getattr(contact, k) for k in FIELDS if getattr(contact, k)})
    return sorted(people, key=lambda d: (d["name"], str(d)))


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_corpus_file_imports_exactly_what_it_holds(tmp_path: Path, rel: str):
    kind, expected, skipped = EXPECTED[rel]
    path = DATA / rel
    assert guess_kind(path) == kind
    store = Store(tmp_path / "d")
    dry = import_file(store, None, path, dry_run=True)
    summary = import_file(store, None, path)
    assert _view(store) == sorted(expected, key=lambda d: (d["name"], str(d)))
    assert len(summary.skipped) == skipped
    # The dry run said exactly what the real run did.
    assert dry.describe()[1:] == [
        line.replace("interactions logged", "interactions would be logged") for line in summary.describe()[1:]
    ]
    assert (dry.added, dry.updated, dry.unchanged) == (summary.added, summary.updated, summary.unchanged)
    # Importing it again changes nothing.
    before = data_files(store.root)
    again = import_file(store, None, path)
    assert not again.changed and again.unchanged == len(summary.added)
    assert data_files(store.root) == before


@pytest.mark.parametrize("rel", sorted(r for r, (kind, _p, _s) in EXPECTED.items() if kind == "vcard"))
def test_corpus_vcard_structured_names_are_stored_and_exported(tmp_path: Path, rel: str):
    cards = [c for c in read_cards(rel, (DATA / rel).read_bytes(), []) if not c.group and c.name]
    store = Store(tmp_path / "d")
    import_file(store, "vcard", DATA / rel)
    stored = {c.name: c.name_parts for c in store.contacts(archived=None)}
    assert stored == {c.name: c.name_parts for c in cards}
    exported = export_data(store, "vcard").decode().replace("\r\n ", "")  # unfolded
    for card in cards:
        if card.name_parts:
            assert "\r\nN:" + ";".join(escape(p) for p in card.name_parts) + "\r\n" in exported
