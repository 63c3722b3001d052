"""Let them qualify themselves: answered requests that never reply go quiet (issue 13, part 3)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from board.config import Config, load_config
from board.history import History
from board.model import Contact, Direction, Interaction, Kind, Reminder, Stage, Value, new_id
from board.search import parse_query
from board.standing import (
    archive_all,
    came_by_request,
    quiet_people,
    read_standing,
    standings,
)
from board.stats import givers_gain
from board.store import Store
from board.triage import DueFor, due_contacts
from tests.helpers import TODAY, Clock, add, cli_on_clock, fixed_store, local, person, run

CONFIG = Config()
DAY = timedelta(days=1)
NOW = local(TODAY, 9)


def asked(name: str = "Ria", met_at: str = "LinkedIn request", days_ago: int = 40) -> Contact:
    someone = person(name, at=TODAY - days_ago * DAY)
    return someone.copy(met_at=met_at, created_at=local(TODAY - days_ago * DAY, 8))


def said(person: Contact, kind: Kind, days_ago: int, *, direction: Direction = Direction.OUT,
         hour: int = 12) -> Interaction:
    return Interaction(new_id(), person.id, local(TODAY - days_ago * DAY, hour), kind, "x",
                       Value.OTHER if kind in (Kind.GAVE, Kind.RECEIVED) else None,
                       direction=direction)


@pytest.mark.parametrize(("met_at", "by_request"), [
    ("LinkedIn request", True), ("LinkedIn invitation", True), ("comment on my article", True),
    ("replied to my newsletter", True), ("connection request", True),
    ("LinkedIn", False), ("BNI breakfast", False), ("", False), ("introduced by Dana", False),
])
def test_who_came_by_a_request(met_at: str, by_request: bool):
    assert came_by_request(asked(met_at=met_at)) is by_request


def test_answered_then_quiet_after_twenty_one_days_without_a_reply():
    ria = asked()
    invitation = Interaction(new_id(), ria.id, ria.created_at, Kind.MESSAGE, "LinkedIn invitation")
    answer = said(ria, Kind.MESSAGE, 21, hour=10)  # 21 days ago, before today's 09:00
    standing = read_standing(ria, [invitation, answer], CONFIG, NOW)
    assert (standing.request, standing.answered_at, standing.replied) == (True, answer.at, False)
    assert standing.quiet_since == TODAY
    day_before = read_standing(ria, [invitation, answer], CONFIG, NOW - DAY)
    assert day_before.answered_at == answer.at and not day_before.quiet
    # The invitation itself, at the moment they were added, is not your answer.
    assert read_standing(ria, [invitation], CONFIG, NOW).answered_at is None


@pytest.mark.parametrize("reply", [
    (Kind.MESSAGE, Direction.IN), (Kind.CALL, Direction.OUT), (Kind.MEETING, Direction.OUT),
    (Kind.RECEIVED, Direction.OUT),
], ids=["their-message", "call", "meeting", "received"])
def test_a_reply_after_the_answer_ends_it(reply):
    ria = asked()
    answer = said(ria, Kind.MESSAGE, 30)
    back = said(ria, reply[0], 25, direction=reply[1])
    standing = read_standing(ria, [answer, back], CONFIG, NOW)
    assert standing.replied and not standing.quiet


def test_what_is_not_a_reply_and_what_else_ends_it():
    ria = asked()
    answer = said(ria, Kind.MESSAGE, 30)
    assert read_standing(ria, [answer, said(ria, Kind.NOTE, 25)], CONFIG, NOW).quiet
    assert read_standing(ria, [answer, said(ria, Kind.GAVE, 25)], CONFIG, NOW).quiet
    talked = ria.copy(stage=Stage.TALKED)
    assert not read_standing(talked, [answer], CONFIG, NOW).quiet
    assert not read_standing(asked(met_at="BNI breakfast"), [answer], CONFIG, NOW).quiet


def test_the_clock_runs_from_your_last_message_and_the_setting_is_honoured():
    ria = asked()
    answer, nudge = said(ria, Kind.MESSAGE, 30), said(ria, Kind.MESSAGE, 10)
    assert not read_standing(ria, [answer, nudge], CONFIG, NOW).quiet
    assert read_standing(ria, [answer, nudge], Config(quiet_after_days=10), NOW).quiet_since == TODAY


def test_today_stops_chasing_the_quiet_but_a_reminder_still_counts():
    ria = asked()
    answer = said(ria, Kind.MESSAGE, 25)
    quiet = read_standing(ria, [answer], CONFIG, NOW)
    assert quiet.quiet
    overdue = ria.copy(last_interaction_at=answer.at)
    assert due_contacts([overdue], CONFIG, TODAY, {ria.id: quiet}) == []
    planned = overdue.copy(reminder=Reminder(TODAY, "one last try"))
    [item] = due_contacts([planned], CONFIG, TODAY, {ria.id: quiet})
    assert item.due_for is DueFor.REMINDER


def test_the_funnel_counts_every_request_archived_ones_too():
    people, history = [], []
    for name, stage, events, archived in [
        ("Quiet", Stage.MET, [(Kind.MESSAGE, Direction.OUT, 30)], False),
        ("Archived quiet", Stage.MET, [(Kind.MESSAGE, Direction.OUT, 30)], True),
        ("Replied", Stage.MET, [(Kind.MESSAGE, Direction.OUT, 30), (Kind.MESSAGE, Direction.IN, 29)], False),
        ("Talked", Stage.TALKED, [(Kind.MESSAGE, Direction.OUT, 30), (Kind.CALL, Direction.OUT, 20)], False),
        ("Waiting", Stage.MET, [(Kind.MESSAGE, Direction.OUT, 5)], False),
        ("Unanswered", Stage.MET, [], False),
    ]:
        someone = asked(name).copy(stage=stage, archived=archived)
        items = [said(someone, kind, days, direction=way) for kind, way, days in events]
        if items:
            someone = someone.copy(last_interaction_at=max(i.at for i in items))
        people.append(someone)
        history.extend(items)
    people.append(person("Not a request", at=TODAY, last_interaction_at=TODAY - DAY).copy(met_at="BNI breakfast"))
    gain = givers_gain(people, history, CONFIG, NOW)
    assert gain.funnel == {"requests": 6, "answered": 5, "replied": 2, "talked": 1, "quiet": 2}
    assert gain.to_dict()["funnel"] == gain.funnel
    assert [gain.funnel_rate(s) for s in ("answered", "replied", "talked", "quiet")] == [83, 40, 17, 40]
    assert givers_gain([], [], CONFIG, NOW).funnel_rate("replied") is None


# --- through the store -----------------------------------------------------------------


def build(root: Path) -> tuple[Store, Clock]:
    """Ria answered 25 days ago (quiet), Sol answered and replied, Tom answered 10 days ago."""
    store, clock = fixed_store(root)
    for name, answered, replied in (("Ria Quiet", 25, False), ("Sol Replied", 25, True),
                                    ("Tom Waiting", 10, False)):
        person = add(store, name, at=TODAY - 40 * DAY, met_at="LinkedIn request")
        store.log(person.id, Kind.MESSAGE, "LinkedIn invitation", direction=Direction.IN,
                  at=local(TODAY - 40 * DAY, 7))
        store.log(person.id, Kind.MESSAGE, "sent: answer-request", at=local(TODAY - answered * DAY))
        if replied:
            store.log(person.id, Kind.MESSAGE, "Happy to talk!", direction=Direction.IN,
                      at=local(TODAY - (answered - 1) * DAY))
    return store, clock


def test_the_quiet_are_found_through_the_store_and_archived_in_one_undo_step(tmp_path: Path):
    store, clock = build(tmp_path)
    found = standings(store, store.contacts(), CONFIG, clock())
    assert sorted(store.get(cid).name for cid, s in found.items() if s.quiet) == ["Ria Quiet"]
    queue = due_contacts(store.contacts(), CONFIG, TODAY, found)
    assert [d.contact.name for d in queue] == ["Sol Replied", "Tom Waiting"]  # Met, 7 days: due
    quiet = quiet_people(store, CONFIG, clock())
    assert [c.name for c in quiet] == ["Ria Quiet"]
    history = History(store)
    change = history.record(archive_all(store, [c.id for c in quiet], "archived 1 quiet person"))
    assert change is not None and change.label == "archived 1 quiet person"
    assert store.get(quiet[0].id).archived and quiet_people(store, CONFIG, clock()) == []
    history.undo()
    assert not store.get(quiet[0].id).archived
    clock.now = local(TODAY + 11 * DAY, 9)  # Tom's 21 days are up
    assert [c.name for c in quiet_people(store, CONFIG, clock())] == ["Ria Quiet", "Tom Waiting"]


def test_quiet_is_a_filter_word():
    assert parse_query("quiet").quiet and not parse_query("quietly").quiet
    assert not parse_query("quiet").empty and parse_query("").quiet is False


# --- the command line ---------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clock = Clock(local(TODAY, 9))
    data = cli_on_clock(tmp_path, monkeypatch, clock)
    return data


def test_list_quiet_and_today_leave_the_quiet_alone(env: Path, capsys):
    build(env)
    code, out, err = run(capsys, "list", "quiet", "--json")
    assert (code, err) == (0, "") and [c["name"] for c in json.loads(out)] == ["Ria Quiet"]
    code, out, _ = run(capsys, "list", "quiet")
    assert "Ria Quiet" in out and "Sol" not in out
    today = [r["name"] for r in json.loads(run(capsys, "today", "--json")[1])]
    assert today == ["Sol Replied", "Tom Waiting"]
    code, out, _ = run(capsys, "list", "due", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Sol Replied", "Tom Waiting"]


def test_log_in_is_a_reply_that_ends_quiet(env: Path, capsys):
    build(env)
    code, out, err = run(capsys, "log", "ria", "--kind", "message", "--in", "Sorry, just saw this!")
    assert (code, out, err) == (0, "Logged message from Ria Quiet.\n", "")
    [last] = json.loads(run(capsys, "show", "ria", "--json")[1])["interactions"][-1:]
    assert (last["kind"], last["direction"], last["summary"]) == ("message", "in", "Sorry, just saw this!")
    assert json.loads(run(capsys, "list", "quiet", "--json")[1]) == []
    code, _, err = run(capsys, "log", "ria", "--kind", "call", "--in", "x")
    assert code == 1 and err == "error: --in is for a message they wrote to you: add --kind message\n"


def test_stats_json_funnel_and_its_text(env: Path, capsys):
    build(env)
    data = json.loads(run(capsys, "stats", "--json")[1])
    assert data["funnel"] == {"requests": 3, "answered": 3, "replied": 1, "talked": 0, "quiet": 1}
    assert list(data["funnel"]) == ["requests", "answered", "replied", "talked", "quiet"]
    code, out, _ = run(capsys, "stats")
    assert "  Requests             3 → answered 3 (100%) → replied 1 (33%)\n" in out
    assert "\n                       talked 0 (0%) · quiet 1 (33% of answered)\n" in out
    funnel = [line for line in out.splitlines() if "Requests" in line or "talked" in line]
    assert len(funnel) == 2 and max(len(line) for line in funnel) <= 80


def test_quiet_after_days_comes_from_the_config(env: Path, tmp_path: Path, capsys):
    build(env)
    (tmp_path / "config.toml").write_text("quiet_after_days = 30\n", "utf-8")
    assert load_config(tmp_path / "config.toml").quiet_after_days == 30
    assert json.loads(run(capsys, "list", "quiet", "--json")[1]) == []
    assert json.loads(run(capsys, "stats", "--json")[1])["funnel"]["quiet"] == 0


def test_stats_on_an_empty_board_has_a_zero_funnel(env: Path, capsys):
    data = json.loads(run(capsys, "stats", "--json")[1])
    assert data["funnel"] == dict.fromkeys(("requests", "answered", "replied", "talked", "quiet"), 0)
    assert data["received_by_stage"] == dict.fromkeys(("met", "talked", "gave_value", "trusted"), 0)
    text = run(capsys, "stats")[1]
    assert "Requests             0 → answered 0 → replied 0\n" in text and "talked 0 · quiet 0\n" in text


def test_archived_quiet_people_still_show_with_the_archived_word(env: Path, capsys):
    store, clock = build(env)
    store.archive(store.find("ria").id)
    assert json.loads(run(capsys, "list", "quiet", "--json")[1]) == []
    assert [c["name"] for c in json.loads(run(capsys, "list", "quiet", "archived", "--json")[1])] == ["Ria Quiet"]
    assert json.loads(run(capsys, "stats", "--json")[1])["funnel"]["quiet"] == 1


def test_show_says_who_is_quiet_and_since_when(env: Path, capsys):
    build(env)
    code, out, err = run(capsys, "show", "ria")
    quiet_day = (TODAY - 25 * DAY + timedelta(days=CONFIG.quiet_after_days)).isoformat()
    assert (code, err) == (0, "")
    assert (f"  Quiet            since {quiet_day}: you answered their request and they have "
            "not replied\n") in out
    for other in ("sol", "tom"):
        assert "Quiet" not in run(capsys, "show", other)[1]
