"""Birthdays and nicknames (issue 10 §8): read from vCard and CSV, stored, shown in the
details, written to vCard and JSON, and back again."""

from __future__ import annotations

from pathlib import Path

from board.exporters import export_data, export_file
from board.humane import contact_fields
from board.importers import import_file
from board.store import Store
from tests.helpers import FIXED_NOW, add, by_name, person, run

CARD = """BEGIN:VCARD
VERSION:3.0
FN:Ana Lima
EMAIL:ana@lima.example
{extra}END:VCARD
"""


def test_details_show_the_nickname_and_the_birthday_with_or_without_a_year():
    shown = dict(contact_fields(person("Ana Lima", at=FIXED_NOW, nickname="Nana", birthday="1980-03-22"), FIXED_NOW))
    assert (shown["Nickname"], shown["Birthday"]) == ("Nana", "22 March 1980")
    no_year = dict(contact_fields(person("Bo Chen", at=FIXED_NOW, birthday="--04-15"), FIXED_NOW))
    assert no_year["Birthday"] == "15 April"
    assert "Nickname" not in no_year  # empty fields stay out


def test_show_prints_them(capsys, tmp_path: Path):
    card = tmp_path / "ana.vcf"
    card.write_text(CARD.format(extra="NICKNAME:Nana,Ani\nBDAY:--0415\n"))
    assert run(capsys, "--data", tmp_path / "d", "import", card)[0] == 0
    code, out, _ = run(capsys, "--data", tmp_path / "d", "show", "ana")
    assert code == 0
    assert "Nickname" in out and "Nana" in out and "Ani" not in out  # the first nickname
    assert "15 April" in out


def test_vcard_export_writes_nickname_and_the_rfc_6350_birthday_forms(store: Store, tmp_path: Path):
    add(store, "Ana Lima", at=FIXED_NOW, nickname="Nana, the elder", birthday="--04-15")
    add(store, "Bo Chen", at=FIXED_NOW, birthday="1980-03-22")
    text = export_data(store, "vcard").decode()
    assert "NICKNAME:Nana\\, the elder\r\n" in text  # a comma list: a comma in one is escaped
    assert "BDAY:--0415\r\n" in text  # the year-less form RFC 6350 defines (and Google writes)
    assert "BDAY:1980-03-22\r\n" in text

    target = tmp_path / "out.vcf"
    export_file(store, "vcard", target)
    fresh = Store(tmp_path / "fresh", clock=store.clock)
    import_file(fresh, None, target)
    people = by_name(fresh)
    assert (people["Ana Lima"].nickname, people["Ana Lima"].birthday) == ("Nana, the elder", "--04-15")
    assert (people["Bo Chen"].nickname, people["Bo Chen"].birthday) == ("", "1980-03-22")


def test_json_export_and_import_carry_them(store: Store, tmp_path: Path):
    add(store, "Ana Lima", at=FIXED_NOW, nickname="Nana", birthday="--02-29")
    target = tmp_path / "out.json"
    export_file(store, "json", target)
    fresh = Store(tmp_path / "fresh", clock=store.clock)
    import_file(fresh, "json", target)
    ana = by_name(fresh)["Ana Lima"]
    assert (ana.nickname, ana.birthday) == ("Nana", "--02-29")


def test_a_reimport_fills_them_while_empty_and_never_replaces_the_users(store: Store, tmp_path: Path):
    card = tmp_path / "ana.vcf"
    card.write_text(CARD.format(extra=""))
    import_file(store, "vcard", card)
    assert (by_name(store)["Ana Lima"].nickname, by_name(store)["Ana Lima"].birthday) == ("", "")

    card.write_text(CARD.format(extra="NICKNAME:Nana\nBDAY:19800322\n"))
    summary = import_file(store, "vcard", card)
    assert summary.updated == [("Ana Lima", ["nickname", "birthday"])]
    ana = by_name(store)["Ana Lima"]
    assert (ana.nickname, ana.birthday) == ("Nana", "1980-03-22")

    store.update_contact(ana.copy(nickname="Annie"))
    card.write_text(CARD.format(extra="NICKNAME:Nini\nBDAY:1981-01-01\n"))
    again = import_file(store, "vcard", card)
    assert not again.changed
    assert (by_name(store)["Ana Lima"].nickname, by_name(store)["Ana Lima"].birthday) == ("Annie", "1980-03-22")


def test_csv_birthday_columns_of_each_producer(store: Store, tmp_path: Path):
    google = tmp_path / "google.csv"
    google.write_text("First Name,Last Name,Nickname,Birthday\nPriya,Sharma,Pri,--11-02\n")
    outlook = tmp_path / "outlook.csv"
    outlook.write_text("First Name,Last Name,Job Title,Birthday\nMargaret,Okonkwo,Nurse,4/15/1971\n")
    thunderbird = tmp_path / "tb.csv"
    thunderbird.write_text(
        "First Name,Last Name,Display Name,Nickname,Birth Year,Birth Month,Birth Day\n"
        "Noor,Haddad,Noor Haddad,Noor,,9,3\n"
    )
    for path in (google, outlook, thunderbird):
        summary = import_file(store, "csv", path)
        assert summary.ignored_columns == [] and len(summary.added) == 1
    people = by_name(store)
    assert (people["Priya Sharma"].nickname, people["Priya Sharma"].birthday) == ("Pri", "--11-02")
    assert people["Margaret Okonkwo"].birthday == "1971-04-15"
    assert (people["Noor Haddad"].nickname, people["Noor Haddad"].birthday) == ("Noor", "--09-03")
