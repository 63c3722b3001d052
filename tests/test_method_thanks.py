"""Reciprocity: a gift received is answered before the clock resets (issue 13, part 1)."""

from __future__ import annotations

import io
import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest

import board.cli.output as cli_output
from board.config import Config
from board.model import Direction, Interaction, Kind, Stage, Value, new_id
from board.outreach import suggest_messages
from board.standing import (
    THANKS_WITHIN_DAYS,
    Standing,
    answers_gift,
    owed_thanks,
    read_standing,
    standings,
)
from board.store import Store
from board.triage import DueFor, due_contacts, next_due
from tests.helpers import TODAY, Clock, add, cli_on_clock, fixed_store, local, log, person, run

CONFIG = Config()
DAY = timedelta(days=1)
NOW = local(TODAY, 9)


def item(kind: Kind, days_ago: int, value: Value | None = None, *,
         direction: Direction = Direction.OUT, hour: int = 12) -> Interaction:
    return Interaction(new_id(), "c", local(TODAY - days_ago * DAY, hour), kind, "x", value,
                       direction=direction)


# --- the rule ----------------------------------------------------------------------


def test_a_gift_received_is_owed_thanks_until_answered():
    gift = item(Kind.RECEIVED, 3, Value.REFERRAL)
    assert owed_thanks([gift], NOW) == gift
    assert owed_thanks([gift, item(Kind.MESSAGE, 2)], NOW) is None
    assert owed_thanks([gift, item(Kind.CALL, 1)], NOW) is None
    assert owed_thanks([gift, item(Kind.MEETING, 0, hour=8)], NOW) is None


@pytest.mark.parametrize("later", [
    item(Kind.NOTE, 1), item(Kind.GAVE, 1, Value.INFORMATION), item(Kind.MET, 1),
    item(Kind.MESSAGE, 1, direction=Direction.IN),
], ids=["note", "gave", "met", "their-message"])
def test_what_does_not_answer_a_gift(later: Interaction):
    gift = item(Kind.RECEIVED, 3, Value.OTHER)
    assert owed_thanks([later, gift], NOW) == gift  # any order in, oldest first inside


def test_an_answer_before_the_gift_does_not_count_and_the_latest_gift_is_owed():
    first, second = item(Kind.RECEIVED, 10, Value.FEEDBACK), item(Kind.RECEIVED, 2, Value.REFERRAL)
    history = [first, item(Kind.CALL, 5), second]
    assert owed_thanks(history, NOW) == second
    assert owed_thanks([item(Kind.MESSAGE, 12), first], NOW) == first


def test_the_window_is_ninety_days_and_a_future_answer_answers_nothing_yet():
    assert THANKS_WITHIN_DAYS == 90
    assert owed_thanks([item(Kind.RECEIVED, 90, hour=10)], NOW) is not None
    assert owed_thanks([item(Kind.RECEIVED, 91)], NOW) is None
    planned = Interaction(new_id(), "c", NOW + timedelta(hours=20), Kind.MEETING, "lunch")
    assert owed_thanks([item(Kind.RECEIVED, 1), planned], NOW) is not None


def test_the_next_step_is_the_thanks_the_gift_calls_for():
    referral = read_standing(person("Ann", at=TODAY), [item(Kind.RECEIVED, 1, Value.REFERRAL)], CONFIG, NOW)
    other = read_standing(person("Bob", at=TODAY), [item(Kind.RECEIVED, 1, Value.INFORMATION)], CONFIG, NOW)
    assert (referral.thanks_step, other.thanks_step) == ("thanks-for-referral", "thanks-and-support")
    assert read_standing(person("Cy", at=TODAY), [], CONFIG, NOW).thanks_step is None


def test_owed_thanks_tops_today_above_the_most_overdue_whatever_the_cadence():
    long_overdue = person("Zoe", at=TODAY, stage=Stage.MET, last_interaction_at=TODAY - 300 * DAY)
    giver = person("Gia", at=TODAY, stage=Stage.TRUSTED, last_interaction_at=TODAY)  # cadence 60: not due for two months
    gift = item(Kind.RECEIVED, 0, Value.REFERRAL, hour=8)
    known = {giver.id: Standing(owed_thanks=gift)}
    queue = due_contacts([long_overdue, giver], CONFIG, TODAY, known)
    assert [(d.contact.name, d.due_for, d.days_overdue) for d in queue] == [
        ("Gia", DueFor.THANKS, 0), ("Zoe", DueFor.FOLLOW_UP, 293),
    ]
    assert queue[0].owed_thanks and not queue[1].owed_thanks
    assert due_contacts([giver], CONFIG, TODAY) == []  # without standings: cadence only


def test_older_gifts_are_thanked_first_and_snoozed_or_archived_givers_wait():
    early, late = person("Early", at=TODAY), person("Late", at=TODAY)
    snoozed = person("Snoozed", at=TODAY, snoozed_until=TODAY + DAY)
    archived = person("Archived", at=TODAY, archived=True)
    known = {
        early.id: Standing(owed_thanks=item(Kind.RECEIVED, 9)),
        late.id: Standing(owed_thanks=item(Kind.RECEIVED, 1)),
        snoozed.id: Standing(owed_thanks=item(Kind.RECEIVED, 1)),
        archived.id: Standing(owed_thanks=item(Kind.RECEIVED, 1)),
    }
    queue = due_contacts([late, snoozed, early, archived], CONFIG, TODAY, known)
    assert [(d.contact.name, d.due_since) for d in queue] == [
        ("Early", TODAY - 9 * DAY), ("Late", TODAY - DAY),
    ]
    assert next_due([late, early], CONFIG, TODAY, known) is None  # both are due now


def test_logging_a_thank_you_through_the_store_takes_them_out_of_today(tmp_path: Path):
    store, clock = fixed_store(tmp_path)
    dana = add(store, "Dana", stage=Stage.TRUSTED, at=TODAY - 100 * DAY)
    log(store, dana, Kind.MEETING, TODAY - 20 * DAY)
    log(store, dana, Kind.RECEIVED, TODAY - 2 * DAY, Value.REFERRAL)
    log(store, dana, Kind.NOTE, TODAY - DAY, summary="she sounded tired")

    def queue() -> list[str]:
        people = store.contacts()
        return [d.contact.name for d in due_contacts(people, CONFIG, TODAY,
                                                    standings(store, people, CONFIG, clock()))]

    assert queue() == ["Dana"]
    assert answers_gift(store.interactions(dana.id), Kind.MESSAGE, Direction.OUT, clock())
    assert not answers_gift(store.interactions(dana.id), Kind.MESSAGE, Direction.IN, clock())
    store.log(dana.id, Kind.MESSAGE, "sent: thanks-for-referral")
    assert queue() == []


def test_the_thank_you_stays_the_top_message_until_answered():
    from tests.helpers import event, person

    dana = person("Dana Whitfield", stage=Stage.TRUSTED)
    gift = event(dana, "received", 3, "the Castillos", "referral")
    then = event(dana, "gave", 1, "a rate sheet", "information")
    assert suggest_messages(dana, [gift, then], [])[0].name == "thanks-for-referral"
    thanked = event(dana, "message", 0, "sent: thanks-for-referral")
    names = [s.name for s in suggest_messages(dana, [gift, then, thanked], [])]
    assert "thanks-for-referral" not in names[:1]


# --- the command line --------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Clock]:
    clock = Clock(local(TODAY, 9))
    data = cli_on_clock(tmp_path, monkeypatch, clock)
    return data, clock


def fresh(store: Store, contact_id: str):
    """The contact as the commands left it (they ran on a store of their own)."""
    store.refresh()
    return store.get(contact_id)


def test_today_json_marks_the_giver_owed_thanks_with_the_thanks_as_next_step(env, capsys):
    store, _ = fixed_store(env[0])
    add(store, "Old Friend", at=TODAY - 40 * DAY)  # Met: 33 days overdue
    giver = add(store, "Gia Giver", stage=Stage.TRUSTED, at=TODAY - 10 * DAY)
    store.log(giver.id, Kind.RECEIVED, "a rate sheet", value=Value.INFORMATION)  # now
    code, out, err = run(capsys, "today", "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [(r["name"], r["due_for"], r["next_step"], r["days_overdue"], r["due_since"])
            for r in rows][0] == ("Gia Giver", "thanks", "thanks-and-support", 0, TODAY.isoformat())
    assert rows[1]["name"] == "Old Friend" and rows[1]["due_for"] == "follow-up"
    code, out, _ = run(capsys, "today")
    first = out.splitlines()[2]
    assert first.startswith("  Gia Giver") and "Trusted  owed thanks" in first
    assert first.endswith("next: thanks-and-support")


def test_log_needs_records_what_they_said_with_the_follow_up(env, capsys):
    store, _ = fixed_store(env[0])
    giver = add(store, "Gia Giver", stage=Stage.TRUSTED)
    store.log(giver.id, Kind.RECEIVED, "a referral", value=Value.REFERRAL, at=NOW - DAY)
    code, out, err = run(capsys, "log", "gia", "--kind", "call", "--needs",
                         " a bookkeeper who knows rentals ", "Thanked her by phone")
    assert (code, err) == (0, "")
    assert out == "Logged call with Gia Giver. Their needs: a bookkeeper who knows rentals\n"
    code, out, _ = run(capsys, "show", "gia", "--json")
    shown = json.loads(out)
    assert shown["needs"] == "a bookkeeper who knows rentals"
    assert [i["kind"] for i in shown["interactions"]] == ["received", "call"]
    code, out, _ = run(capsys, "today", "--json")
    assert json.loads(out) == []


def test_log_asks_what_they_need_at_a_terminal_only_when_it_answers_a_gift(env, capsys, monkeypatch):
    store, _ = fixed_store(env[0])
    giver = add(store, "Gia Giver", stage=Stage.TRUSTED)
    other = add(store, "Otto", stage=Stage.TALKED)
    store.log(giver.id, Kind.RECEIVED, "a referral", value=Value.REFERRAL, at=NOW - DAY)
    monkeypatch.setattr(cli_output, "interactive", lambda: True)
    monkeypatch.setattr(sys, "stdin", io.StringIO("introductions to landlords\n"))
    code, out, err = run(capsys, "log", "gia", "--kind", "message", "sent: thanks-for-referral")
    assert code == 0 and "What did Gia say they need?" in err
    assert fresh(store, giver.id).needs == "introductions to landlords"
    # A note answers nothing: no question; nor does a log with nobody owed thanks.
    monkeypatch.setattr(sys, "stdin", io.StringIO("should not be read\n"))
    for args in (("gia", "--kind", "note", "x"), ("otto", "--kind", "call", "y")):
        code, _, err = run(capsys, "log", *args)
        assert code == 0 and "need" not in err
    assert fresh(store, other.id).needs == ""
    # Enter skips: nothing is changed but the log.
    clock = env[1]
    store.log(giver.id, Kind.RECEIVED, "a tip", value=Value.OTHER, at=NOW + timedelta(hours=1))
    clock.now = NOW + timedelta(hours=2)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    code, out, err = run(capsys, "log", "gia", "--kind", "call", "thanked")
    assert code == 0 and "(now: introductions to landlords)" in err
    assert fresh(store, giver.id).needs == "introductions to landlords"


def test_log_never_asks_without_a_terminal(env, capsys):
    store, _ = fixed_store(env[0])
    giver = add(store, "Gia Giver", stage=Stage.TRUSTED)
    store.log(giver.id, Kind.RECEIVED, "a referral", value=Value.REFERRAL, at=NOW - DAY)
    code, out, err = run(capsys, "log", "gia", "--kind", "message", "thanks!")
    assert (code, err) == (0, "") and fresh(store, giver.id).needs == ""


def test_show_says_what_thanks_are_owed_for_until_they_are_given(env, capsys):
    store, _ = fixed_store(env[0])
    giver = add(store, "Gia Giver", stage=Stage.TRUSTED)
    store.log(giver.id, Kind.RECEIVED, "a referral", value=Value.REFERRAL, at=NOW - DAY)
    out = run(capsys, "show", "gia")[1]
    assert f"  Owed             thanks for the referral on {(TODAY - DAY).isoformat()}\n" in out
    run(capsys, "log", "gia", "--kind", "call", "thanked")
    assert "Owed" not in run(capsys, "show", "gia")[1]
