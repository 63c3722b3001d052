"""The next step, dated: one reminder per contact (issue 13, part 5)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from board.config import Config
from board.errors import UserError
from board.history import History
from board.model import Interaction, Kind, Reminder, Stage, Value, new_id
from board.reminders import describe, reminder_for, set_reminder
from board.standing import Standing
from board.triage import DueFor, due_contacts, next_due
from tests.helpers import (
    TODAY,
    Clock,
    add,
    cli_on_clock,
    data_files,
    fixed_store,
    local,
    person,
    run,
)

CONFIG = Config()
DAY = timedelta(days=1)
SUNDAY = TODAY  # 2026-11-22


# --- reading what was typed ---------------------------------------------------------


@pytest.mark.parametrize(("when", "day"), [
    ("today", SUNDAY), ("tomorrow", SUNDAY + DAY), ("+3d", SUNDAY + 3 * DAY),
    ("2w", SUNDAY + 14 * DAY), ("thursday", date(2026, 11, 26)), ("sunday", SUNDAY + 7 * DAY),
    ("2027-01-05", date(2027, 1, 5)), ("1 month", date(2026, 12, 22)),
])
def test_when_is_read_by_the_one_parser(when: str, day: date):
    assert reminder_for(when, "  send   the checklist ", SUNDAY) == Reminder(day, "send the checklist")


@pytest.mark.parametrize(("when", "text", "message"), [
    ("yesterday", "x", "is in the past"),
    ("2026-11-01", "x", "is in the past"),
    ("2037-01-01", "x", "more than ten years ahead"),
    ("+0d", "x", "no time at all"),
    ("someday", "x", "cannot read 'someday' as a reminder"),
    ("", "x", "say when"),
    ("friday", "   ", "say what to do"),
    ("friday", "x" * 301, "at most 300 characters"),
])
def test_what_a_reminder_cannot_be(when: str, text: str, message: str):
    with pytest.raises(UserError, match=message):
        reminder_for(when, text, SUNDAY)


def test_described_for_people():
    assert describe(Reminder(SUNDAY, "call"), SUNDAY) == "today: call"
    assert describe(Reminder(SUNDAY + DAY, "call"), SUNDAY) == "tomorrow: call"
    assert describe(Reminder(date(2026, 11, 26), "call"), SUNDAY) == "Thu 26 Nov: call"
    assert describe(Reminder(date(2027, 2, 1), "call"), SUNDAY) == "Mon 1 Feb 2027: call"
    assert describe(Reminder(SUNDAY - 2 * DAY, "call"), SUNDAY) == "Fri 20 Nov (2 days ago): call"


# --- the rule -----------------------------------------------------------------------


def test_due_on_its_day_whatever_the_cadence_and_not_before():
    trusted = person("Tia", at=TODAY, stage=Stage.TRUSTED, last_interaction_at=TODAY - DAY)  # next follow-up in 59 days
    planned = trusted.copy(reminder=Reminder(TODAY + 2 * DAY, "send the deck"))
    assert due_contacts([planned], CONFIG, TODAY) == []
    [item] = due_contacts([planned], CONFIG, TODAY + 2 * DAY)
    assert (item.due_for, item.reminder, item.days_overdue) == (
        DueFor.REMINDER, planned.reminder, 0,
    )
    [late] = due_contacts([planned], CONFIG, TODAY + 5 * DAY)
    assert (late.due_since, late.days_overdue) == (TODAY + 2 * DAY, 3)
    assert next_due([planned], CONFIG, TODAY) == (planned, TODAY + 2 * DAY)


def test_reminders_come_after_thanks_and_before_the_most_overdue():
    overdue = person("Old", at=TODAY, last_interaction_at=TODAY - 200 * DAY)
    reminded = person("Rem", at=TODAY, stage=Stage.TRUSTED, last_interaction_at=TODAY).copy(reminder=Reminder(TODAY, "call"))
    giver = person("Giv", at=TODAY, stage=Stage.TRUSTED, last_interaction_at=TODAY)
    gift = Interaction(new_id(), giver.id, local(TODAY, 8), Kind.RECEIVED, "tip", Value.OTHER)
    snoozed = reminded.copy(id=new_id(), name="Zzz", snoozed_until=TODAY + DAY)
    queue = due_contacts([overdue, reminded, giver, snoozed], CONFIG, TODAY,
                         {giver.id: Standing(owed_thanks=gift)})
    assert [(d.contact.name, d.due_for) for d in queue] == [
        ("Giv", DueFor.THANKS), ("Rem", DueFor.REMINDER), ("Old", DueFor.FOLLOW_UP),
    ]


def test_a_reminder_on_someone_also_overdue_counts_from_the_earlier_day():
    both = person("Both", at=TODAY, last_interaction_at=TODAY - 30 * DAY).copy(reminder=Reminder(TODAY - DAY, "x"))
    [item] = due_contacts([both], CONFIG, TODAY)
    assert (item.due_for, item.due_since, item.days_overdue) == (DueFor.REMINDER, TODAY - 23 * DAY, 23)


# --- through the store ----------------------------------------------------------------


def test_logging_on_or_after_its_day_completes_it_and_undo_brings_it_back(tmp_path: Path):
    store, clock = fixed_store(tmp_path)
    person = add(store, "Dee", stage=Stage.TALKED)
    history = History(store)
    history.record(set_reminder(store, person, Reminder(TODAY + DAY, "send the checklist")))
    store.log(person.id, Kind.NOTE, "thought about it")  # today: before its day
    assert store.get(person.id).reminder == Reminder(TODAY + DAY, "send the checklist")
    clock.now = local(TODAY + DAY, 9)
    history.record(store.log(person.id, Kind.MESSAGE, "sent the checklist"))
    assert store.get(person.id).reminder is None
    history.undo()  # one change: the log and the completion go back together
    assert store.get(person.id).reminder == Reminder(TODAY + DAY, "send the checklist")
    assert [i.summary for i in store.interactions(person.id)] == ["thought about it"]


def test_a_back_dated_log_before_its_day_does_not_complete_it(tmp_path: Path):
    store, clock = fixed_store(tmp_path)
    person = add(store, "Eli", at=TODAY - 10 * DAY)
    set_reminder(store, person, Reminder(TODAY, "call back"))
    store.log(person.id, Kind.CALL, "last week's call", at=local(TODAY - 3 * DAY))
    assert store.get(person.id).reminder == Reminder(TODAY, "call back")


def test_one_reminder_per_contact_a_new_one_replaces_it_undoably(tmp_path: Path):
    store, _ = fixed_store(tmp_path)
    person = add(store, "Fio")
    history = History(store)
    history.record(set_reminder(store, person, Reminder(TODAY + DAY, "first")))
    change = history.record(set_reminder(store, store.get(person.id), Reminder(TODAY + 2 * DAY, "second")))
    assert change is not None and change.label == f"reminder for Fio on {(TODAY + 2 * DAY).isoformat()}"
    assert store.get(person.id).reminder == Reminder(TODAY + 2 * DAY, "second")
    history.undo()
    assert store.get(person.id).reminder == Reminder(TODAY + DAY, "first")
    history.record(set_reminder(store, store.get(person.id), None))
    assert store.get(person.id).reminder is None
    history.undo()
    assert store.get(person.id).reminder == Reminder(TODAY + DAY, "first")


# --- the command line ---------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Clock]:
    clock = Clock(local(TODAY, 9))
    data = cli_on_clock(tmp_path, monkeypatch, clock)
    return data, clock


def test_remind_then_today_then_log_clears_it(env, capsys):
    data, clock = env
    store, _ = fixed_store(data)
    add(store, "Gus Grant", stage=Stage.TRUSTED)
    code, out, err = run(capsys, "remind", "gus", "thursday", "send", "him", "the", "launch", "checklist")
    assert (code, err) == (0, "")
    assert out == "Reminder for Gus Grant, Thu 26 Nov: send him the launch checklist.\n"
    shown = json.loads(run(capsys, "show", "gus", "--json")[1])
    assert shown["reminder"] == {"date": "2026-11-26", "text": "send him the launch checklist"}
    assert json.loads(run(capsys, "today", "--json")[1]) == []
    clock.now = local(date(2026, 11, 26), 9)
    [row] = json.loads(run(capsys, "today", "--json")[1])
    assert (row["name"], row["due_for"], row["days_overdue"], row["due_since"]) == (
        "Gus Grant", "reminder", 0, "2026-11-26",
    )
    assert row["reminder"] == {"date": "2026-11-26", "text": "send him the launch checklist"}
    code, out, _ = run(capsys, "today")
    assert "reminder today" in out and "next: send him the launch checklist" in out
    assert run(capsys, "log", "gus", "--kind", "message", "sent the checklist")[0] == 0
    assert json.loads(run(capsys, "show", "gus", "--json")[1])["reminder"] is None
    assert json.loads(run(capsys, "today", "--json")[1]) == []


def test_remind_replaces_and_clear_removes(env, capsys):
    data, _ = env
    store, _ = fixed_store(data)
    add(store, "Gus Grant")
    run(capsys, "remind", "gus", "+2d", "first")
    code, out, _ = run(capsys, "remind", "gus", "+3d", "second")
    assert out == "Reminder for Gus Grant, Wed 25 Nov: second. It replaces Tue 24 Nov: first.\n"
    code, out, _ = run(capsys, "remind", "gus", "--clear")
    assert out == "Cleared the reminder for Gus Grant (was Wed 25 Nov: second).\n"
    code, out, _ = run(capsys, "remind", "gus", "--clear")
    assert (code, out) == (0, "Gus Grant has no reminder.\n")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("gus", "2037-01-01", "far"), 1, "error: 2037-01-01 is more than ten years ahead"),
    (("gus", "yesterday", "late"), 1, "error: 2026-11-21 is in the past"),
    (("gus", "whenever", "x"), 1, "error: cannot read 'whenever' as a reminder"),
    (("gus", "friday"), 2, "give WHEN and TEXT"),
    (("gus",), 2, "give WHEN and TEXT"),
    (("gus", "friday", "x", "--clear"), 2, "--clear takes only CONTACT"),
    (("nobody-like-this", "friday", "x"), 1, "error: no contact matches"),
])
def test_remind_refuses_bad_input_and_changes_nothing(env, capsys, args, code, message):
    data, _ = env
    store, _ = fixed_store(data)
    add(store, "Gus Grant")
    before = data_files(data)
    got, out, err = run(capsys, "remind", *args)
    assert (got, out) == (code, "") and message in err and "Traceback" not in err
    assert data_files(data) == before
