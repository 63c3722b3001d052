"""vCard in (Apple-style 3.0, 4.0) and out, and the round trip through both."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from board.errors import ImportFileError
from board.exporters import export_data, export_file
from board.importers import import_file, read_import
from board.model import Stage
from board.store import Store
from tests.helpers import by_name, fixture, person, run


def test_apple_vcard_groups_folding_escapes_photo_and_unknown_properties(store: Store):
    summary = import_file(store, "vcard", fixture("vcard/apple.vcf"))

    # The card without FN or N is named by its ORG rather than dropped.
    assert sorted(summary.added) == ["Grace Okafor", "Nameless Org", "Omar Haddad", "Sam Rivera"]
    assert summary.skipped == []
    grace = by_name(store)["Grace Okafor"]
    assert grace.company == "Okafor & Daughters, Ltd."  # first ORG component, `\,` unescaped
    assert grace.title == "Managing Director"
    assert grace.emails == ["grace@okafor.example", "grace.o@mail.example"]  # item1.EMAIL too
    assert grace.phones == ["+44 20 7946 0018", "+44 20 7946 0019"]
    assert grace.urls == [
        "https://www.linkedin.com/in/grace-okafor",  # item2.URL
        "https://twitter.com/graceokafor",  # X-SOCIALPROFILE
    ]
    assert grace.tags == ["BNI", "mentors"]
    assert grace.notes == (
        "Met at the Leeds BNI breakfast, 2024. Needs introductions to logistics "
        "firms; knows reverse mortgages.\nSecond line of the note."
    )
    assert (grace.source, grace.stage) == ("vcard", Stage.MET)
    omar = by_name(store)["Omar Haddad"]
    assert (omar.company, omar.phones, omar.emails) == (
        "Cedar Freight", ["+1 (555) 010-2020"], ["omar@cedarfreight.example"]
    )


def test_vcard_4(store: Store):
    summary = import_file(store, "vcard", fixture("vcard/v4.vcf"))
    assert sorted(summary.added) == ["Hiro Tanaka", "Zoë Ångström"]
    zoe = by_name(store)["Zoë Ångström"]
    assert zoe.phones == ["+46-8-123-456"]  # `tel:` URI value
    assert zoe.tags == ["design", "Nordics"]
    assert zoe.notes == 'Likes "slow design", Scandinavian furniture; wants intros to textile suppliers.'
    assert zoe.urls == ["https://www.linkedin.com/in/zoe-angstrom"]


def test_vcard_merges_with_a_linkedin_contact_by_profile_url(store: Store):
    import_file(store, "linkedin", fixture("linkedin/Connections.csv"))
    zoe_id = by_name(store)["Zoë Ångström"].id
    summary = import_file(store, "vcard", fixture("vcard/v4.vcf"))
    assert summary.added == ["Hiro Tanaka"]
    assert summary.updated == [("Zoë Ångström", ["title", "phones", "tags", "notes"])]
    zoe = store.get(zoe_id)
    assert zoe.source == "linkedin" and zoe.title == "Design lead"


def network_for_round_trip(store: Store) -> None:
    at = store.clock()
    people = [
        person("Zoë O'Brien-Ångström", at=at, company="Acme, Inc.; Ltd",
               title="Head of \"Growth\", EMEA", emails=["zoe@acme.example", "z@home.example"],
               phones=["+44 20 7946 0000", "+1 (555) 010-2020"],
               urls=["https://www.linkedin.com/in/zoe", "https://zoe.example/blog"],
               tags=["BNI", "a,b", "mentor"], notes="Line one, with comma; and semicolon\nLine two \\ " + "long " * 39 + "end"),
        person("Dubois, Claire", at=at),
        person("李小龙", at=at, company="北京科技", title="工程师", notes="用户笔记", archived=True),
    ]
    with store.transaction("seed", backup=False) as txn:
        for contact in people:
            txn.put_contact(contact)


FIELDS = ("name", "company", "title", "emails", "phones", "urls", "notes", "tags")


def test_export_then_import_round_trips(store: Store, tmp_path: Path):
    network_for_round_trip(store)
    target = tmp_path / "out.vcf"
    assert export_file(store, "vcard", target) == 3

    fresh = Store(tmp_path / "fresh", clock=store.clock)
    summary = import_file(fresh, "vcard", target)

    assert len(summary.added) == 3 and not summary.skipped
    expected = sorted(tuple(getattr(c, f) for f in FIELDS) for c in store.contacts(archived=None))
    got = sorted(tuple(getattr(c, f) for f in FIELDS) for c in fresh.contacts(archived=None))
    assert got == expected
    # Importing the same file into the original store changes nothing.
    again = import_file(store, "vcard", target)
    assert (len(again.added), len(again.updated), again.unchanged) == (0, 0, 3)


def test_export_is_valid_vcard_3_that_other_readers_parse(store: Store):
    network_for_round_trip(store)
    text = export_data(store, "vcard").decode("utf-8")
    assert text.count("BEGIN:VCARD") == 3 and "VERSION:3.0" in text
    assert all(len(line.encode("utf-8")) <= 76 for line in text.split("\r\n"))  # folded
    cards = list(vobject.readComponents(text))  # an independent reader of the whole file
    names = sorted(card.fn.value for card in cards)
    assert names == ["Dubois, Claire", "Zoë O'Brien-Ångström", "李小龙"]
    claire = next(card for card in cards if card.fn.value == "Dubois, Claire")
    assert (claire.n.value.family, claire.n.value.given) == ("Dubois", "Claire")


def test_cli_export_vcard_to_stdout(capsys, tmp_path: Path):
    data = tmp_path / "d"
    assert run(capsys, "--data", data, "add", "Ana Lima", "--company", "Lima & Co")[0] == 0
    code, out, err = run(capsys, "--data", data, "export", "--format", "vcard")
    assert (code, err) == (0, "")
    assert "FN:Ana Lima" in out and "ORG:Lima & Co" in out


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n", 5,
         "this vCard is truncated: it has no END:VCARD"),
        ("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", 1,
         "this vCard has no END:VCARD before the next card"),
        ("hello\n", 1, "not a vCard line: 'hello'"),
        ("FN:Loose\n", 1, "expected BEGIN:VCARD"),
        ("\n\n", 1, "the file is empty"),
    ],
)
def test_malformed_vcards_name_the_line(tmp_path: Path, text: str, line: int, reason: str):
    path = tmp_path / "bad.vcf"
    path.write_text(text)
    with pytest.raises(ImportFileError) as failed:
        read_import("vcard", path)
    assert (failed.value.line, failed.value.reason) == (line, reason)
    assert str(failed.value) == f"{path}: line {line}: {reason}"


def test_a_csv_given_as_vcard_is_refused_with_a_hint(tmp_path: Path):
    with pytest.raises(ImportFileError) as failed:
        read_import("vcard", fixture("csv/contacts.csv"))
    assert failed.value.line == 1
    assert "try `trustboard import csv`" in failed.value.reason


def test_vcard_2_1_quoted_printable_with_soft_line_breaks(store: Store):
    """Android and Outlook export vCard 2.1: quoted-printable values, "=" at line ends."""
    assert b"soft-=\r\nbroken" in fixture("vcard/android_21.vcf").read_bytes()
    summary = import_file(store, "vcard", fixture("vcard/android_21.vcf"))
    assert summary.added == ["Zoë Ångström"]
    zoe = by_name(store)["Zoë Ångström"]
    assert zoe.notes == "Line one with a long text that is soft-broken here\nLine two"
    assert (zoe.phones, zoe.emails) == (["+46 8 123 456"], ["zoe@example.se"])
