"""Correcting the record from the command line (issue 12): edit, unlog, snooze, archive,
unarchive, `list QUERY`, short ids in `show`, and the duplicate warning of `add`.

Every error is checked for its exit code, its one `error:` line and a data directory
left byte for byte as it was; every change for the data it leaves.
"""

from __future__ import annotations

import io
import os
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from board.config import load_config
from board.model import Interaction, Kind, Stage
from board.search import filter_contacts, parse_query
from board.store import Store
from board.triage import due_contacts
from tests.helpers import FIXED_NOW, TRUSTBOARD, Clock, data_files, run

TODAY = FIXED_NOW.date()  # Thursday 19 November 2026


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI on a fixed clock, with Ana, Adam, Grace and Owen on the board."""
    data = tmp_path / "data"
    monkeypatch.setattr("board.cli.base.Store", lambda path: Store(path, clock=Clock(FIXED_NOW)))
    store = Store(data, clock=Clock(FIXED_NOW - timedelta(days=40)))
    from tests.helpers import add

    add(store, "Ana Lima", company="Acme", tags=["prospect", "bni"], emails=["ana@acme.io"],
        expertise=["estate law"], notes="likes jazz")
    add(store, "Adam Smith", company="Pin Factory", stage=Stage.TALKED)
    add(store, "Grace Hopper", company="US Navy", stage=Stage.TRUSTED, tags=["navy"])
    owen = add(store, "Owen Pierce", company="Pierce Roofing")
    store.log(owen.id, Kind.CALL, "talked roofs", at=FIXED_NOW - timedelta(days=1))
    return data


def ok(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    code, out, err = run(capsys, "--data", str(root), *args)
    assert code == 0, (args, err)
    return out


def fails(capsys: pytest.CaptureFixture[str], root: Path, *args: str, code: int = 1,
          says: str = "") -> str:
    before = data_files(root)
    got, out, err = run(capsys, "--data", str(root), *args)
    assert got == code, (args, out, err)
    if code == 1:
        assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    assert says in err, err
    assert data_files(root) == before, args
    return err


def contact(capsys: pytest.CaptureFixture[str], root: Path, who: str) -> dict:
    return orjson.loads(ok(capsys, root, "show", who, "--json"))


# --- edit ------------------------------------------------------------------------------


def test_edit_replaces_the_fields_given(root: Path, capsys) -> None:
    out = ok(capsys, root, "edit", "ana", "--company", "Lima Law", "--title", "Partner",
             "--needs", "clients in Porto", "--met-at", "BNI breakfast", "--note", "line 1\nline 2",
             "--phone", "+351 555 0100", "--url", "https://lima.law")
    assert out.startswith("Edited Ana Lima: company → Lima Law; title → Partner;")
    ana = contact(capsys, root, "ana")
    assert (ana["company"], ana["title"], ana["needs"], ana["met_at"], ana["notes"]) == (
        "Lima Law", "Partner", "clients in Porto", "BNI breakfast", "line 1\nline 2")
    assert (ana["phones"], ana["urls"]) == (["+351 555 0100"], ["https://lima.law"])
    assert ana["tags"] == ["prospect", "bni"] and ana["emails"] == ["ana@acme.io"]  # untouched
    assert ana["updated_at"] == FIXED_NOW.isoformat()


def test_edit_lists_replace_add_and_remove(root: Path, capsys) -> None:
    ok(capsys, root, "edit", "ana", "--add-tag", "golf", "--add-tag", "BNI", "--remove-tag", "Prospect")
    assert contact(capsys, root, "ana")["tags"] == ["bni", "golf"]  # no duplicate, any case
    ok(capsys, root, "edit", "ana", "--email", "ana@lima.law", "--email", "a@lima.law")
    assert contact(capsys, root, "ana")["emails"] == ["ana@lima.law", "a@lima.law"]
    ok(capsys, root, "edit", "ana", "--tag", "", "--add-expertise", "tax", "--remove-expertise",
       "estate law")
    ana = contact(capsys, root, "ana")
    assert (ana["tags"], ana["expertise"]) == ([], ["tax"])


def test_edit_stage_name_and_cadence(root: Path, capsys) -> None:
    out = ok(capsys, root, "edit", "adam", "--stage", "gave value", "--name", "Adam  Smith Jr",
             "--cadence", "21")
    assert "stage → Gave value" in out and "every 21 days" in out
    adam = contact(capsys, root, "adam smith jr")
    assert (adam["name"], adam["stage"], adam["cadence_days"]) == ("Adam Smith Jr", "gave_value", 21)
    assert adam["stage_changed_at"] == FIXED_NOW.isoformat()
    ok(capsys, root, "edit", "adam", "--cadence", "default")
    assert contact(capsys, root, "adam")["cadence_days"] is None


def test_edit_that_changes_nothing_says_so_and_writes_nothing(root: Path, capsys) -> None:
    before = data_files(root)
    out = ok(capsys, root, "edit", "ana", "--company", "Acme", "--add-tag", "bni")
    assert out == "Nothing to change: Ana Lima already has those values.\n"
    assert data_files(root) == before


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("edit", "ana"), 2, "say what to change"),
        (("edit",), 2, "Missing argument"),
        (("edit", "ana", "--bogus", "x"), 2, "No such option"),
        (("edit", "ana", "--name", "  "), 1, "a contact needs a name"),
        (("edit", "ana", "--email", "not-an-email"), 1, "does not look like an email"),
        (("edit", "ana", "--add-email", "x@"), 1, "does not look like an email"),
        (("edit", "ana", "--remove-tag", "golf"), 1, "Ana Lima has no tag 'golf' to remove"),
        (("edit", "ana", "--stage", "friends"), 1, "unknown stage"),
        (("edit", "ana", "--cadence", "0"), 1, "from 1 to 3650"),
        (("edit", "ana", "--cadence", "3000000"), 1, "from 1 to 3650"),
        (("edit", "ana", "--cadence", "weekly"), 1, "whole number"),
        (("edit", "nobody", "--company", "x"), 1, "no contact matches 'nobody'"),
        (("edit", "a", "--company", "x"), 1, "matches 2 contacts"),
        # one bad option among good ones: nothing at all is changed
        (("edit", "ana", "--company", "New", "--remove-tag", "nope"), 1, "no tag 'nope'"),
    ],
)
def test_edit_errors_change_nothing(root: Path, capsys, args: tuple[str, ...], code: int,
                                    says: str) -> None:
    fails(capsys, root, *args, code=code, says=says)


def test_edit_warns_when_a_rename_makes_a_twin(root: Path, capsys) -> None:
    code, out, err = run(capsys, "--data", str(root), "edit", "adam", "--name", "ana lima",
                         "--company", "ACME")
    assert code == 0 and out.startswith("Edited ana lima")
    assert err.startswith("warning: ana lima at ACME was already on the board (")


# --- add: the duplicate warning -----------------------------------------------------


def test_add_warns_about_the_same_name_and_company_and_still_adds(root: Path, capsys) -> None:
    code, out, err = run(capsys, "--data", str(root), "add", "ana  LIMA", "--company", " acme ")
    assert code == 0 and out.startswith("Added ana LIMA (")
    assert err.startswith("warning: ana LIMA at acme was already on the board (")
    assert "trustboard archive" in err and len(err.splitlines()) == 1
    listed = orjson.loads(ok(capsys, root, "list", "--json"))
    assert [c["name"] for c in listed].count("Ana Lima") == 1 and len(listed) == 5
    # Same name elsewhere, or a name that only starts the same: no warning.
    for args in (("add", "Ana Lima", "--company", "Other Co"), ("add", "Ana"),
                 ("add", "Grace Hopper Jr", "--company", "US Navy")):
        code, _, err = run(capsys, "--data", str(root), *args)
        assert (code, err) == (0, ""), args


def test_add_takes_a_cadence(root: Path, capsys) -> None:
    ok(capsys, root, "add", "Bo Chen", "--cadence", "45", "--stage", "talked")
    assert contact(capsys, root, "bo")["cadence_days"] == 45
    fails(capsys, root, "add", "Cy", "--cadence", "4000", says="from 1 to 3650")


# --- show and unlog -----------------------------------------------------------------


def short_ids(out: str) -> list[str]:
    timeline = out.split("Timeline:\n", 1)[1].splitlines()
    return [line.split()[2] for line in timeline]


def test_show_prints_short_ids_that_unlog_takes(root: Path, capsys) -> None:
    ok(capsys, root, "log", "ana", "--kind", "call", "--at", "-3d", "first call")
    ok(capsys, root, "log", "ana", "--kind", "gave", "--value", "referral", "--at", "yesterday",
       "sent Bo")
    out = ok(capsys, root, "show", "ana")
    newest, oldest = short_ids(out)
    data = contact(capsys, root, "ana")
    assert {newest, oldest} == {i["id"][:8] for i in data["interactions"]}
    assert data["last_interaction_at"] == (datetime.combine(TODAY - timedelta(days=1),
                                                            datetime.min.time()).replace(hour=12)
                                           .astimezone().isoformat())
    out = ok(capsys, root, "unlog", newest, "--yes")
    assert out == ("Deleted the gave (referral) with Ana Lima on 2026-11-18 (\"sent Bo\"). "
                   "Ana Lima's last contact is now: 3d.\n")
    data = contact(capsys, root, "ana")
    assert [i["summary"] for i in data["interactions"]] == ["first call"]
    assert data["last_interaction_at"].startswith("2026-11-16T12:00")
    ok(capsys, root, "unlog", data["interactions"][0]["id"], "-y")  # a whole id works too
    data = contact(capsys, root, "ana")
    assert data["interactions"] == [] and data["last_interaction_at"] is None


def test_unlog_asks_on_a_terminal(root: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    owen = contact(capsys, root, "owen")
    [call] = owen["interactions"]
    monkeypatch.setattr("board.cli.output.interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    before = data_files(root)
    code, out, err = run(capsys, "--data", str(root), "unlog", call["id"][:6])
    assert (code, out) == (1, "")
    assert err.endswith("[y/N]: error: not deleted: you said no\n")  # the Enter is the user's
    assert data_files(root) == before
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = run(capsys, "--data", str(root), "unlog", call["id"][:6])
    assert code == 0, err
    assert "Delete the call with Owen Pierce on 2026-11-18 (\"talked roofs\")? [y/N]" in err
    assert out.startswith("Deleted the call with Owen Pierce") and out.endswith("now: never.\n")


@pytest.fixture
def twins(root: Path) -> tuple[str, str]:
    """Two of Grace's interactions whose ids share their first six characters."""
    store = Store(root, clock=Clock(FIXED_NOW))
    grace = store.find("grace")
    ids = ("abcdef01" + "0" * 24, "abcdef02" + "0" * 24)
    with store.transaction("two notes") as txn:
        for n, iid in enumerate(ids):
            txn.put_interaction(Interaction(iid, grace.id, FIXED_NOW - timedelta(days=n + 1),
                                            Kind.NOTE, f"note {n}"))
    return ids


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("unlog", "abcdef01"), "not deleted: to delete the note with Grace Hopper on 2026-11-18"),
        (("unlog", "abcdef"), "'abcdef' starts 2 interactions' ids: abcdef01 note on 2026-11-18; "
                              "abcdef02 note on 2026-11-17"),
        (("unlog", "abc", "--yes"), "too short"),
        (("unlog", "ffffffff", "--yes"), "no interaction has an id starting with 'ffffffff'"),
        (("unlog", " ", "--yes"), "name an interaction"),
    ],
)
def test_unlog_errors_change_nothing(root: Path, twins: tuple[str, str], capsys,
                                     args: tuple[str, ...], says: str) -> None:
    fails(capsys, root, *args, says=says)


def test_unlog_usage_errors(root: Path, capsys) -> None:
    fails(capsys, root, "unlog", code=2, says="Missing argument")
    fails(capsys, root, "unlog", "abcd", "--force", code=2, says="No such option")


def test_unlog_prompt_through_a_real_terminal(root: Path, twins: tuple[str, str]) -> None:
    master, slave = os.openpty()
    child = subprocess.Popen([str(TRUSTBOARD), "--data", str(root), "unlog", "abcdef02"],
                             stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    seen = b""
    while b"[y/N]" not in seen:
        seen += os.read(master, 1024)
    os.write(master, b"y\n")
    child.wait(timeout=60)
    try:
        while chunk := os.read(master, 1024):
            seen += chunk
    except OSError:
        pass
    os.close(master)
    assert child.returncode == 0, seen
    assert b"Delete the note with Grace Hopper on 2026-11-17" in seen
    assert b"Deleted the note with Grace Hopper" in seen
    remaining = {i.id for i in Store(root).interactions(Store(root).find("grace").id)}
    assert remaining == {twins[0]}


# --- snooze ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "until", "said"),
    [
        (("friday",), date(2026, 11, 20), "Friday 20 November"),  # the next Friday
        (("thursday",), date(2026, 11, 26), "Thursday 26 November"),  # today is one: a week
        (("+3d",), date(2026, 11, 22), "Sunday 22 November"),
        (("1", "week"), date(2026, 11, 26), "Thursday 26 November"),
        (("1 month",), date(2026, 12, 19), "Saturday 19 December"),
        (("2027-01-05",), date(2027, 1, 5), "Tuesday 5 January 2027"),
        (("tomorrow",), date(2026, 11, 20), "Friday 20 November"),
    ],
)
def test_snooze_until_when(root: Path, capsys, when: tuple[str, ...], until: date, said: str) -> None:
    out = ok(capsys, root, "snooze", "owen", *when)
    assert out == f"Snoozed Owen Pierce until {said}.\n"
    assert contact(capsys, root, "owen")["snoozed_until"] == until.isoformat()


def test_snooze_hides_from_today_and_clear_wakes(root: Path, capsys) -> None:
    due = [r["name"] for r in orjson.loads(ok(capsys, root, "today", "--json"))]
    assert "Ana Lima" in due
    ok(capsys, root, "snooze", "ana", "+2w")
    assert "Ana Lima" not in [r["name"] for r in orjson.loads(ok(capsys, root, "today", "--json"))]
    assert ok(capsys, root, "snooze", "ana", "--clear") == "Woke Ana Lima: no longer snoozed.\n"
    assert contact(capsys, root, "ana")["snoozed_until"] is None
    assert "Ana Lima" in [r["name"] for r in orjson.loads(ok(capsys, root, "today", "--json"))]
    before = data_files(root)
    assert ok(capsys, root, "snooze", "ana", "--clear") == "Ana Lima is not snoozed.\n"
    assert data_files(root) == before


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("snooze", "ana"), 2, "give either WHEN"),
        (("snooze", "ana", "+3d", "--clear"), 2, "give either WHEN"),
        (("snooze",), 2, "Missing argument"),
        (("snooze", "ana", "2026-11-01"), 1, "not after today"),
        (("snooze", "ana", "today"), 1, "not after today"),
        (("snooze", "ana", "+0d"), 1, "at least one day"),
        (("snooze", "ana", "+99999d"), 1, "more than ten years ahead"),
        (("snooze", "ana", "9999-12-31"), 1, "more than ten years ahead"),
        (("snooze", "ana", "next", "tuesday"), 1, "cannot read 'next tuesday' as a snooze"),
        (("snooze", "nobody", "+3d"), 1, "no contact matches"),
        (("snooze", "a", "+3d"), 1, "matches 2 contacts"),
    ],
)
def test_snooze_errors_change_nothing(root: Path, capsys, args: tuple[str, ...], code: int,
                                      says: str) -> None:
    fails(capsys, root, *args, code=code, says=says)


# --- archive / unarchive ---------------------------------------------------------------


def test_archive_and_unarchive(root: Path, capsys) -> None:
    out = ok(capsys, root, "archive", "grace")
    assert out.startswith("Archived Grace Hopper: `trustboard unarchive ")
    assert contact(capsys, root, "grace")["archived"] is True
    names = [c["name"] for c in orjson.loads(ok(capsys, root, "list", "--json"))]
    assert "Grace Hopper" not in names
    assert "Grace Hopper" in ok(capsys, root, "list", "archived")
    assert ok(capsys, root, "archive", "grace") == "Grace Hopper is already archived.\n"
    assert ok(capsys, root, "unarchive", "grace") == "Grace Hopper is back on the board, in Trusted.\n"
    assert contact(capsys, root, "grace")["archived"] is False
    assert ok(capsys, root, "unarchive", "grace") == "Grace Hopper is not archived.\n"


def test_archive_resolves_among_the_live_unarchive_among_the_archived(root: Path, capsys) -> None:
    ok(capsys, root, "add", "Ana Other")
    ok(capsys, root, "archive", "ana other")
    ok(capsys, root, "archive", "ana")  # only Ana Lima is on the board
    assert contact(capsys, root, "ana lima")["archived"] is True
    ok(capsys, root, "unarchive", "ana other")
    ok(capsys, root, "archive", "ana other")
    fails(capsys, root, "unarchive", "ana", says="matches 2 contacts")  # both archived now


def test_archive_errors(root: Path, capsys) -> None:
    fails(capsys, root, "archive", "nobody", says="no contact matches 'nobody'")
    fails(capsys, root, "unarchive", "nobody", says="no contact matches 'nobody'")
    fails(capsys, root, "archive", "a", says="matches 2 contacts")
    fails(capsys, root, "archive", code=2, says="Missing argument")


def test_list_says_when_everyone_is_archived(tmp_path: Path, capsys) -> None:
    root = tmp_path / "only"
    ok(capsys, root, "add", "Solo")
    ok(capsys, root, "archive", "solo")
    assert "everyone is archived" in ok(capsys, root, "list")


# --- list QUERY -------------------------------------------------------------------------


def names(out: str) -> list[str]:
    return [" ".join(line.split()[1:3]) for line in out.splitlines()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (("tag:bni",), ["Ana Lima"]),
        (("tag:na",), ["Grace Hopper"]),  # a tag prefix
        (("stage:talked",), ["Adam Smith"]),
        (("stage:gave-value",), []),
        (("roof",), ["Owen Pierce"]),  # a plain word matches the company
        (("jazz",), ["Ana Lima"]),  # …the notes
        (("estate", "law"), ["Ana Lima"]),  # every word must match
        (("hoppper",), ["Grace Hopper"]),  # an extra letter is forgiven (5+ letters)
        (("roofnig",), ["Owen Pierce"]),  # so is a swap in a longer word (7+)
        (("hoper",), []),  # but not a missing letter in a short one (README says so)
        (("due",), ["Ana Lima", "Adam Smith"]),
        (("due", "stage:met"), ["Ana Lima"]),
        (("archived",), []),
        (("TAG:BNI", "Ana"), ["Ana Lima"]),
    ],
)
def test_list_query_uses_the_board_filter(root: Path, capsys, query: tuple[str, ...],
                                         expected: list[str]) -> None:
    out = ok(capsys, root, "list", *query)
    assert (names(out) if expected else out) == (expected or "No contacts match.\n")
    # The same answer as the board's own filter over the same contacts:
    store = Store(root, clock=Clock(FIXED_NOW))
    parsed = parse_query(" ".join(query))
    everyone = store.contacts(archived=parsed.archived)
    due = {d.contact.id for d in due_contacts(everyone, load_config(), TODAY)}
    board_names = {c.name for c in filter_contacts(everyone, parsed, due_ids=due)}
    assert board_names == set(expected)


def test_list_options_narrow_after_the_board_decides_a_word_is_misspelled(root: Path, capsys) -> None:
    from tests.helpers import add

    add(Store(root, clock=Clock(FIXED_NOW)), "Lina Park", stage=Stage.TALKED)
    # Ana Lima is on the board: "lima" is spelled right, in every stage, as the board's filter has it
    assert names(ok(capsys, root, "list", "lima")) == ["Ana Lima"]
    assert ok(capsys, root, "list", "lima", "--stage", "talked") == "No contacts match.\n"
    # "lnia" begins no word on the board: Lina, with two letters swapped
    assert names(ok(capsys, root, "list", "lnia", "--stage", "talked")) == ["Lina Park"]


def test_list_query_with_options_and_json(root: Path, capsys) -> None:
    listed = orjson.loads(ok(capsys, root, "list", "due", "--stage", "talked", "--json"))
    assert [c["name"] for c in listed] == ["Adam Smith"]
    ok(capsys, root, "archive", "grace")
    listed = orjson.loads(ok(capsys, root, "list", "navy", "--archived", "--json"))
    assert [c["name"] for c in listed] == ["Grace Hopper"]
    fails(capsys, root, "list", "stage:friends", says="unknown stage 'friends'")
