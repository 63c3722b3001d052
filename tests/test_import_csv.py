"""Plain CSV in (columns matched by name) and out (the same columns), and its round trip."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from board.errors import ImportFileError
from board.exporters import export_data
from board.importers import import_file, read_import
from board.model import Contact, Stage, new_id
from board.store import Store
from tests.helpers import by_name, fixture, run


def test_columns_are_matched_by_name_and_unknown_ones_reported(store: Store):
    summary = import_file(store, "csv", fixture("csv/contacts.csv"))

    assert sorted(summary.added) == ["Dubois, Claire", "Ken Adams", "Noor Rahman", "Rita Gomes"]
    assert summary.ignored_columns == ["Favourite colour"]  # Birthday is a field since schema 2
    assert "  ignored columns: Favourite colour" in summary.describe()
    assert summary.skipped == []  # the all-empty row is not a record
    people = by_name(store)
    rita = people["Rita Gomes"]
    assert (rita.company, rita.title, rita.stage) == ("Gomes Bakery", "Owner", Stage.TALKED)
    assert rita.emails == ["rita@gomes.example"] and rita.phones == ["+351 21 000 0000"]
    assert rita.tags == ["BNI", "bakers"]  # `;`-separated
    assert rita.notes == "Makes the best pastel de nata, ask about catering"
    assert rita.source == "csv"
    assert rita.birthday == "1980-02-03"
    claire = people["Dubois, Claire"]
    assert claire.emails == ["claire@dubois.example", "c.dubois@work.example"]
    assert claire.stage == Stage.GAVE_VALUE  # "Gave value"
    assert claire.notes == "Line one\nline two"
    assert people["Ken Adams"].stage == Stage.MET  # empty stage: Met
    assert people["Noor Rahman"].stage == Stage.TRUSTED


def test_first_and_last_name_columns_any_case(tmp_path: Path, store: Store):
    path = tmp_path / "people.csv"
    path.write_text("FIRST NAME,Last_Name,ORGANISATION,Position,Met At\nAna,Lima,Lima & Co,CFO,BNI breakfast\n")
    summary = import_file(store, "csv", path)
    assert summary.added == ["Ana Lima"] and summary.ignored_columns == []
    ana = by_name(store)["Ana Lima"]
    assert (ana.company, ana.title, ana.met_at) == ("Lima & Co", "CFO", "BNI breakfast")


def seed(store: Store) -> None:
    at = store.clock()
    people = [
        Contact(id=new_id(), name="Rita Gomes", company="Gomes Bakery, Lda", title='The "boss"',
                emails=["rita@gomes.example", "r@home.example"], phones=["+351 21 000 0000"],
                urls=["https://www.linkedin.com/in/rita"], stage=Stage.GAVE_VALUE,
                tags=["BNI", "bakers"], expertise=["catering", "pastry"], needs="a new oven",
                met_at="BNI breakfast", notes="Line one\nline two, with comma",
                created_at=datetime(2024, 3, 1, 9, 30).astimezone(), updated_at=at,
                stage_changed_at=at),
        Contact(id=new_id(), name="Ken Adams", stage=Stage.TRUSTED, archived=True,
                created_at=datetime(2020, 1, 2, 3, 4, 5).astimezone(), updated_at=at,
                stage_changed_at=at, snoozed_until=date(2026, 12, 1)),
    ]
    with store.transaction("seed", backup=False) as txn:
        for person in people:
            txn.put_contact(person)


CSV_FIELDS = ("name", "company", "title", "emails", "phones", "urls", "stage", "tags",
              "expertise", "needs", "met_at", "notes", "created_at", "archived",
              "nickname", "birthday")  # the last two since schema 2


def test_export_writes_the_columns_import_reads_and_round_trips(store: Store, tmp_path: Path):
    seed(store)
    payload = export_data(store, "csv")
    rows = list(csv.reader(io.StringIO(payload.decode("utf-8"), newline="")))
    assert rows[0] == list(CSV_FIELDS)
    assert payload.count(b"\r\n") >= 3  # RFC 4180 line ends
    assert rows[1][0] == "Ken Adams" and rows[1][CSV_FIELDS.index("archived")] == "yes"  # archived contacts are exported
    target = tmp_path / "out.csv"
    target.write_bytes(payload)

    fresh = Store(tmp_path / "fresh", clock=store.clock)
    summary = import_file(fresh, "csv", target)

    assert len(summary.added) == 2 and summary.ignored_columns == []

    def view(s: Store) -> list[tuple]:
        return sorted(tuple(getattr(c, f) for f in CSV_FIELDS) for c in s.contacts(archived=None))

    assert view(fresh) == view(store)
    again = import_file(store, "csv", target)
    assert (len(again.added), len(again.updated), again.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("company,email\nAcme,a@b.example\n", 1,
         "no name column: the header row needs `name` (or `first name` and `last name`)"),
        ("name,stage\nAna,talked\nBo,best friends\n", 3,
         "unknown stage 'best friends': use one of met, talked, gave-value, trusted"),
        ("name,company\nAna,Acme\nBo,Beta,extra\n", 3,
         "3 fields where the header has 2 (a comma outside quotes?)"),
        ('name,notes\nAna,"never closed\nBo,x\n', 2,
         "a quoted field is never closed (the file may be truncated)"),
        ("name,created_at\nAna,yesterday\n", 2,
         "cannot read the date 'yesterday' in created_at (expected like 2024-03-01)"),
        ("name,archived\nAna,maybe\n", 2, "archived must be yes or no, not 'maybe'"),
    ],
)
def test_malformed_csv_names_the_line(tmp_path: Path, text: str, line: int, reason: str):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ImportFileError) as failed:
        read_import("csv", path)
    assert (failed.value.line, failed.value.reason) == (line, reason)


def test_rows_without_a_name_are_skipped_with_their_line(tmp_path: Path, store: Store, capsys):
    path = tmp_path / "people.csv"
    path.write_text("name,company,title\nAna,Acme,CFO\n,,Partner\n,,Owner\n,Orphan Inc,\n")
    code, out, err = run(capsys, "--data", tmp_path / "d", "import", "csv", path)
    assert (code, err) == (0, "")
    assert "  skipped 2 × no name (lines 3, 4)" in out.splitlines()
    assert "  added: Ana, Orphan Inc" in out.splitlines()  # a company alone names the row


def test_a_value_that_is_no_address_in_an_email_column_is_left_out(tmp_path: Path, store: Store):
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAna,not-an-address\n")
    summary = import_file(store, "csv", path)
    assert summary.added == ["Ana"] and by_name(store)["Ana"].emails == []
    assert [(n.line, n.reason) for n in summary.notices] == [
        (2, "'not-an-address' in an e-mail column is no address, left out")
    ]


def test_same_person_twice_in_one_file_is_added_once(tmp_path: Path, store: Store):
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAna Lima,ana@lima.example\nAna L.,ANA@lima.example\n")
    summary = import_file(store, "csv", path)
    assert summary.added == ["Ana Lima"]
    assert [(s.line, s.reason) for s in summary.skipped] == [(3, "same person as line 2")]
