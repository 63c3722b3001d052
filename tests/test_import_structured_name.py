"""The structured name (issue 10 §9): N is kept from the import and exported; it is guessed
only for contacts that never had one; a rename drops it, so it never contradicts FN."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from board.exporters import export_data, export_file
from board.importers import import_file
from board.model import NameParts
from board.store import Store
from board.store.codec import contact_from_doc, contact_problem
from tests.helpers import FIXED_NOW, add, by_name, run

DATA = Path(__file__).resolve().parent / "data"

CARD = """BEGIN:VCARD
VERSION:3.0
FN:Mr. John Richter, James Doe Sr.
N:Doe;John;Richter\\, James;Mr.;Sr.
EMAIL:john@doe.example
END:VCARD
"""


def _card_of(store: Store, name: str) -> str:
    text = export_data(store, "vcard").decode()
    cards = [c for c in text.split("BEGIN:VCARD") if f"\r\nFN:{name}\r\n" in c]
    assert len(cards) == 1, name
    return cards[0]


def test_the_n_of_an_imported_card_is_stored_and_exported_as_it_was(store: Store, tmp_path: Path):
    path = tmp_path / "john.vcf"
    path.write_text(CARD)
    import_file(store, "vcard", path)
    john = by_name(store)["Mr. John Richter, James Doe Sr."]
    assert john.name_parts == NameParts("Doe", "John", "Richter, James", "Mr.", "Sr.")
    # Not the guess from the display name (which has a comma, so "Mr. John Richter" would be the family).
    assert "\r\nN:Doe;John;Richter\\, James;Mr.;Sr.\r\n" in _card_of(store, "Mr. John Richter\\, James Doe Sr.")


def test_a_contact_that_never_had_one_gets_the_guess(store: Store):
    add(store, "Ana Maria Lima", at=FIXED_NOW)
    assert by_name(store)["Ana Maria Lima"].name_parts is None
    assert "\r\nN:Lima;Ana;Maria;;\r\n" in _card_of(store, "Ana Maria Lima")


def test_csv_and_linkedin_first_and_last_names_are_kept(store: Store, tmp_path: Path):
    import_file(store, None, DATA / "google/contacts-google-csv-2024.csv")
    import_file(store, None, DATA / "linkedin/Connections-2024.csv")
    people = by_name(store)
    # The last word is not the surname: a guess would say family "Briain", given "Tomás", additional "Ó".
    assert people["Tomás Ó Briain"].name_parts == NameParts("Ó Briain", "Tomás")
    assert "\r\nN:Ó Briain;Tomás;;;\r\n" in _card_of(store, "Tomás Ó Briain")
    linkedin = [c for c in store.contacts() if c.source == "linkedin"]
    assert linkedin and all(c.name_parts and c.name_parts.family for c in linkedin)
    assert all(c.name == f"{c.name_parts.given} {c.name_parts.family}" for c in linkedin)


def test_a_rename_drops_the_stored_n_and_other_edits_keep_it(store: Store, tmp_path: Path, capsys):
    path = tmp_path / "john.vcf"
    path.write_text(CARD)
    import_file(store, "vcard", path)
    john = by_name(store)["Mr. John Richter, James Doe Sr."]
    store.update_contact(john.copy(company="IBM"))
    assert store.get(john.id).name_parts == NameParts("Doe", "John", "Richter, James", "Mr.", "Sr.")

    code, _out, err = run(capsys, "--data", store.root, "edit", john.id[:8], "--name", "Johnny Doe-Richter")
    assert (code, err) == (0, "")
    store.refresh()
    renamed = store.get(john.id)
    assert renamed.name_parts is None
    assert "\r\nN:Doe-Richter;Johnny;;;\r\n" in _card_of(store, "Johnny Doe-Richter")
    # Importing the old card again matches by e-mail and leaves the new name (and no N) alone.
    import_file(store, "vcard", path)
    assert (store.get(john.id).name, store.get(john.id).name_parts) == ("Johnny Doe-Richter", None)


def test_a_reimport_adds_the_n_to_a_contact_of_the_same_name_without_one(store: Store, tmp_path: Path):
    add(store, "Mr. John Richter, James Doe Sr.", at=FIXED_NOW, emails=["john@doe.example"])
    path = tmp_path / "john.vcf"
    path.write_text(CARD)
    summary = import_file(store, "vcard", path)
    assert summary.updated == [("Mr. John Richter, James Doe Sr.", ["name_parts"])]
    assert by_name(store)["Mr. John Richter, James Doe Sr."].name_parts.given == "John"
    assert not import_file(store, "vcard", path).changed


def test_json_and_show_json_carry_name_parts(store: Store, tmp_path: Path, capsys):
    path = tmp_path / "john.vcf"
    path.write_text(CARD)
    import_file(store, "vcard", path)
    code, out, _ = run(capsys, "--data", store.root, "show", "mr. john", "--json")
    assert code == 0
    assert orjson.loads(out)["name_parts"] == {
        "family": "Doe", "given": "John", "additional": "Richter, James", "prefix": "Mr.", "suffix": "Sr.",
    }
    target = tmp_path / "out.json"
    export_file(store, "json", target)
    fresh = Store(tmp_path / "fresh", clock=store.clock)
    import_file(fresh, "json", target)
    assert by_name(fresh)["Mr. John Richter, James Doe Sr."].name_parts == NameParts(
        "Doe", "John", "Richter, James", "Mr.", "Sr."
    )


@pytest.mark.parametrize(("value", "ok"), [
    (None, True), ({"family": "Doe"}, True), ({"family": "Doe", "given": "J", "additional": "",
                                                "prefix": "", "suffix": ""}, True),
    ("Doe;John", False), ({"surname": "Doe"}, False), ({"family": 3}, False), (["Doe"], False),
])
def test_the_store_checks_the_shape_of_name_parts(value: object, ok: bool):
    doc = {"id": "a1", "name": "John Doe", "stage": "met", "name_parts": value}
    problem = contact_problem(doc)
    if ok:
        assert problem is None
        parts = contact_from_doc(doc).name_parts
        assert parts is None or parts.family == "Doe"
    else:
        assert problem is not None and problem[0] == "name_parts"


def test_sync_never_pairs_one_machines_name_with_the_others_n():
    from tests.helpers import both_ways, contact_doc, edit, records

    base = contact_doc("a" * 32, "John Doe")
    renamed = edit(base, 2, name="Johnny Doe-Richter")  # this machine renamed him (N stays null)
    filled = edit(base, 1, name_parts={"family": "Doe", "given": "John", "additional": "",
                                       "prefix": "", "suffix": ""})  # the other imported his card
    merged = both_ways(records(base), records(renamed), records(filled))
    out = merged.records["contacts"]["a" * 32]
    assert (out["name"], out["name_parts"]) == ("Johnny Doe-Richter", None)
