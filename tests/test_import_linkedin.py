"""LinkedIn's Connections.csv (current and older exports) and Invitations.csv."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from board.importers import guess_kind, import_file, read_import
from board.model import Kind, Stage
from board.store import Store
from board.transfer.common import clean
from board.transfer.linkedin import _squeezed
from tests.helpers import by_name, fixture, run


def noon(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, 0).astimezone()


# --- Connections.csv ---------------------------------------------------------------


def test_current_export_with_preamble_bom_crlf_and_quoting(store: Store):
    raw = fixture("linkedin/Connections.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfNotes:\r\n") and b"\r\n" in raw  # the fixture is real-world shaped

    summary = import_file(store, "linkedin", fixture("linkedin/Connections.csv"))

    assert (len(summary.added), len(summary.updated), summary.unchanged) == (6, 0, 0)
    assert [(s.line, s.reason) for s in summary.skipped] == [
        (9, "no name (LinkedIn hides some members' names)")
    ]
    people = by_name(store)
    assert set(people) == {
        "Jane Doe", "Zoë Ångström", "小龙 李", "José María García-López", "Seán O'Brien",
        "Priya 🌱 Raman",
    }
    jane = people["Jane Doe"]
    assert (jane.company, jane.title) == ("Acme, Inc.", "Head of Sales")
    assert jane.urls == ["https://www.linkedin.com/in/jane-doe-1a2b3c"]
    assert jane.emails == []
    assert (jane.stage, jane.source, jane.met_at) == (Stage.MET, "linkedin", "LinkedIn")
    assert jane.created_at == noon(2023, 8, 24) == jane.stage_changed_at
    zoe = people["Zoë Ångström"]
    assert zoe.title == 'Design lead, "UX" & research'  # doubled quotes and a comma
    assert zoe.emails == ["zoe@nordisk.example"]
    assert people["José María García-López"].company == "García & Hijos, S.L."
    assert people["José María García-López"].created_at == noon(2021, 2, 1)  # "1 Feb 2021"
    assert people["小龙 李"].company == "北京科技有限公司"
    assert people["Priya 🌱 Raman"].title == "Founder, CEO"


def test_old_export_without_preamble_or_url(store: Store):
    summary = import_file(store, "linkedin", fixture("linkedin/Connections_old.csv"))

    assert len(summary.added) == 3 and not summary.skipped
    people = by_name(store)
    assert people["Jane Doe"].emails == ["jane@acme.example"]
    assert people["Jane Doe"].urls == []
    assert people["Marcus Lee"].title == "Partner, Tax"
    assert people['Ines Duarte "Nessa"'].created_at == noon(2017, 6, 5)


def test_reimport_is_idempotent_and_writes_nothing(store: Store, data_dir: Path):
    import_file(store, "linkedin", fixture("linkedin/Connections.csv"))
    before = sorted((c.id, c.updated_at) for c in store.contacts(archived=None))

    again = import_file(store, "linkedin", fixture("linkedin/Connections.csv"))

    assert (len(again.added), len(again.updated), again.unchanged) == (0, 0, 6)
    assert sorted((c.id, c.updated_at) for c in store.contacts(archived=None)) == before
    assert again.change is None  # no transaction at all


def test_newer_export_updates_position_and_email_and_adds_new_people(store: Store):
    import_file(store, "linkedin", fixture("linkedin/Connections.csv"))
    ids = {c.name: c.id for c in store.contacts()}

    summary = import_file(store, "linkedin", fixture("linkedin/Connections_newer.csv"))

    assert summary.added == ["Tomás Silva"]
    assert sorted(summary.updated) == [
        ("Jane Doe", ["title", "emails"]),
        ("Seán O'Brien", ["company", "title"]),
    ]
    assert summary.unchanged == 4
    people = by_name(store)
    jane = people["Jane Doe"]
    assert jane.id == ids["Jane Doe"]  # matched by URL even with a trailing slash
    assert (jane.title, jane.emails) == ("VP Sales", ["jane.doe@acme.example"])
    assert jane.urls == ["https://www.linkedin.com/in/jane-doe-1a2b3c"]  # same URL not added twice
    assert people["Seán O'Brien"].company == "Harbour Advisory"
    assert len(store.contacts()) == 7


def test_old_export_then_current_export_matches_by_email_or_name_and_company(store: Store):
    import_file(store, "linkedin", fixture("linkedin/Connections_old.csv"))
    summary = import_file(store, "linkedin", fixture("linkedin/Connections.csv"))

    # Jane (same name and company, no URL before) is updated, not duplicated.
    assert ("Jane Doe", ["title", "urls"]) in summary.updated
    jane = by_name(store)["Jane Doe"]
    assert jane.urls == ["https://www.linkedin.com/in/jane-doe-1a2b3c"]
    assert jane.emails == ["jane@acme.example"]  # kept although the new export has none
    assert jane.created_at == noon(2019, 8, 24)  # the user's record keeps its own dates


def test_cli_prints_the_summary(capsys, tmp_path: Path):
    code, out, err = run(capsys, "import", "linkedin", fixture("linkedin/Connections.csv"),
                         "--data", tmp_path / "d")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        "Imported Connections.csv (LinkedIn connections): 6 added, 0 updated, 0 unchanged, 1 skipped."
    )
    assert "  skipped no name (LinkedIn hides some members' names) (line 9)" in lines
    code, out, _ = run(capsys, "--data", tmp_path / "d", "list", "--json")
    assert code == 0 and out.count('"source": "linkedin"') == 6


def test_a_contact_with_a_trailing_field_too_many_is_refused(tmp_path: Path, store: Store):
    bad = tmp_path / "Connections.csv"
    bad.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Jane,Doe,https://www.linkedin.com/in/j,,Acme, Inc.,Sales,24 Aug 2023\n"
    )
    with pytest.raises(Exception) as failed:
        import_file(store, "linkedin", bad)
    assert str(failed.value) == f"{bad}: line 2: 8 fields where the header has 7 (the file may be truncated or edited)"
    assert store.contacts(archived=None) == []


# --- Invitations.csv ---------------------------------------------------------------


def test_incoming_invitations_become_met_contacts_with_the_message_logged(store: Store):
    summary = import_file(store, "invitations", fixture("linkedin/Invitations.csv"))

    assert sorted(summary.added) == ["Aïcha Benali", "Lukas Müller", "Maya Chen"]
    assert sorted((s.line, s.reason) for s in summary.skipped) == [
        (6, "an invitation you sent"),
        (8, "an invitation you sent"),
        (9, "your own name"),  # found as the `To` of incoming and the `From` of outgoing rows
    ]
    people = by_name(store)
    assert "Sam Rivera" not in people and "Omar Haddad" not in people and "Grace Okafor" not in people
    maya = people["Maya Chen"]
    sent = datetime(2026, 11, 2, 18, 45).astimezone()  # "11/2/26, 6:45 PM": month/day/year
    assert (maya.stage, maya.met_at, maya.source) == (Stage.MET, "LinkedIn request", "linkedin")
    assert maya.urls == ["https://www.linkedin.com/in/maya-chen"]
    assert maya.created_at == sent and maya.last_interaction_at == sent
    [message] = store.interactions(maya.id)
    assert (message.kind, message.at) == (Kind.MESSAGE, sent)
    assert message.summary == (
        'Hi Sam, I loved your talk on "givers gain".\n'
        "Would you be open to a quick call next week?\n\nMaya"
    )
    [empty] = store.interactions(people["Lukas Müller"].id)
    assert empty.summary == "Sent you a LinkedIn invitation (no message)"
    assert empty.at == datetime(2026, 10, 15, 23, 30).astimezone()
    assert people["Aïcha Benali"].created_at == datetime(2025, 12, 1, 0, 5).astimezone()  # 12:05 AM


def test_reimporting_invitations_logs_no_message_twice(store: Store):
    import_file(store, "invitations", fixture("linkedin/Invitations.csv"))
    again = import_file(store, "invitations", fixture("linkedin/Invitations.csv"))
    assert (len(again.added), len(again.updated), again.unchanged, again.interactions) == (0, 0, 3, 0)
    assert sum(len(store.interactions(c.id)) for c in store.contacts()) == 3


def test_invitation_from_a_known_connection_merges_into_them(store: Store, tmp_path: Path):
    import_file(store, "linkedin", fixture("linkedin/Connections.csv"))
    invitation = tmp_path / "Invitations.csv"
    invitation.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Jane Doe,Sam Rivera,"1/5/26, 9:00 AM","Hi Sam, coffee?",INCOMING,'
        "http://linkedin.com/in/jane-doe-1a2b3c/,https://www.linkedin.com/in/sam\n",
        "utf-8",
    )
    summary = import_file(store, "invitations", invitation)
    assert summary.updated == [("Jane Doe", ["interactions"])]
    jane = by_name(store)["Jane Doe"]
    assert jane.met_at == "LinkedIn"  # already set: kept
    assert [i.summary for i in store.interactions(jane.id)] == ["Hi Sam, coffee?"]


def test_old_invitations_without_url_columns(store: Store):
    summary = import_file(store, "invitations", fixture("linkedin/Invitations_old.csv"))
    assert summary.added == ["Dev Patel"]
    dev = by_name(store)["Dev Patel"]
    assert dev.urls == []
    [message] = store.interactions(dev.id)
    assert message.summary == 'Hello Sam, we met at the "Founders, Funders" meetup.'
    assert message.at == datetime(2021, 5, 3, 14, 14).astimezone()


def test_configured_name_is_never_imported(store: Store, tmp_path: Path):
    only_incoming = tmp_path / "Invitations.csv"
    only_incoming.write_text(
        "From,To,Sent At,Message,Direction\n"
        'Sam Rivera,Nobody,"1/5/26, 9:00 AM",,INCOMING\n'
        'Kim Ode,Nobody,"1/6/26, 9:00 AM",,INCOMING\n',
        "utf-8",
    )
    summary = import_file(store, "invitations", only_incoming, my_name="sam  rivera")
    assert summary.added == ["Kim Ode"]
    assert [s.reason for s in summary.skipped] == ["your own name"]


def test_cli_uses_my_name_from_config(capsys, tmp_path: Path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('my_name = "Grace Okafor"\n', "utf-8")
    monkeypatch.setenv("TRUSTBOARD_CONFIG", str(config))
    code, out, err = run(capsys, "--data", tmp_path / "d", "import", "vcard", fixture("vcard/apple.vcf"))
    assert (code, err) == (0, "")
    assert "skipped your own name (line 1)" in out  # Grace's card is the user's "me" card here


def test_invitation_contacts_get_the_answer_a_request_message_first(store: Store):
    from board.outreach import suggest_messages

    import_file(store, "invitations", fixture("linkedin/Invitations.csv"))
    maya = by_name(store)["Maya Chen"]
    best = suggest_messages(maya, store.interactions(maya.id), store.contacts(), my_name="Sam Rivera")[0]
    assert best.name == "answer-request"


# --- telling the files apart -------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("linkedin/Connections.csv", "linkedin"),
        ("linkedin/Connections_old.csv", "linkedin"),
        ("linkedin/Invitations.csv", "invitations"),
        ("linkedin/Invitations_old.csv", "invitations"),
        ("vcard/apple.vcf", "vcard"),
        ("vcard/v4.vcf", "vcard"),
        ("vcard/android_21.vcf", "vcard"),
        ("csv/contacts.csv", "csv"),
        ("json/network.json", "json"),
    ],
)
def test_guess_kind(rel: str, kind: str):
    assert guess_kind(fixture(rel)) == kind


def test_guess_kind_of_something_else(tmp_path: Path):
    odd = tmp_path / "notes.txt"
    odd.write_text("just some words\n")
    assert guess_kind(odd) is None
    assert guess_kind(tmp_path / "missing.csv") is None


def test_the_wrong_kind_says_which_kind_it_looks_like():
    with pytest.raises(Exception) as failed:
        read_import("linkedin", fixture("linkedin/Invitations.csv"))
    assert str(failed.value).endswith(
        "it looks like a LinkedIn invitations file, try `trustboard import invitations`"
    )
    assert ": line 1: no LinkedIn Connections header" in str(failed.value)


@given(st.text())
def test_a_printable_cell_is_squeezed_as_clean_squeezes_it(cell: str) -> None:
    # The shortcut for rows with nothing to clean: a printable cell's only white space is
    # the plain space, so `clean` changes it only where two spaces meet.
    stripped = cell.strip()
    if stripped.isprintable():
        assert _squeezed(stripped) == clean(stripped)


def test_runs_of_spaces_in_a_row_are_squeezed(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana  Maria,Okafor,,,Acme   Inc,Head  of Sales,24 Aug 2023\n"
        "Ben,Lee\u00a0 Chen,,,Green\tLoop,,24 Aug 2023\n",
        encoding="utf-8",
    )
    ana, ben = (r.contact for r in read_import("linkedin", path).records)
    assert (ana.name, ana.company, ana.title, ana.name_parts[:2]) == (
        "Ana Maria Okafor", "Acme Inc", "Head of Sales", ("Okafor", "Ana Maria"))
    assert (ben.name, ben.company) == ("Ben Lee Chen", "Green Loop")
