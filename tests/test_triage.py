"""Due dates, the triage queue, snoozing and stage prompts (board.triage)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from board.config import DEFAULT_CADENCE, Config, load_config
from board.errors import UserError
from board.model import Kind, Stage
from board.triage import (
    SNOOZE_PRESETS,
    add_months,
    cadence_days,
    due_contacts,
    due_date,
    is_cold,
    is_due,
    next_due,
    overdue_text,
    snooze_until,
    stage_prompt,
)
from tests.helpers import TODAY, add, fixed_store, local, log, person

CONFIG = Config()
DAY = timedelta(days=1)


# --- due at the boundaries -----------------------------------------------------


def test_default_cadences_are_the_method():
    assert DEFAULT_CADENCE == {Stage.MET: 7, Stage.TALKED: 14, Stage.GAVE_VALUE: 30, Stage.TRUSTED: 60}


def test_due_exactly_on_the_day_not_the_day_before():
    ana = person("Ana", at=TODAY, stage=Stage.MET, last_interaction_at=TODAY - 7 * DAY)
    assert due_date(ana, CONFIG) == TODAY
    assert is_due(ana, CONFIG, TODAY)
    assert not is_due(ana, CONFIG, TODAY - DAY)
    [item] = due_contacts([ana], CONFIG, TODAY)
    assert (item.due_since, item.days_overdue) == (TODAY, 0)


def test_the_clock_starts_at_creation_without_interactions():
    bo = person("Bo", stage=Stage.TALKED, at=TODAY - 14 * DAY)
    assert due_date(bo, CONFIG) == TODAY
    assert not is_due(person("Bo", stage=Stage.TALKED, at=TODAY - 13 * DAY), CONFIG, TODAY)


@pytest.mark.parametrize(
    ("stage", "days"), [(Stage.MET, 7), (Stage.TALKED, 14), (Stage.GAVE_VALUE, 30), (Stage.TRUSTED, 60)]
)
def test_each_stage_has_its_rhythm(stage, days):
    assert is_due(person("C", at=TODAY, stage=stage, last_interaction_at=TODAY - days * DAY), CONFIG, TODAY)
    assert not is_due(person("C", at=TODAY, stage=stage, last_interaction_at=TODAY - (days - 1) * DAY), CONFIG, TODAY)


def test_a_late_evening_touch_counts_for_its_own_local_day():
    dee = person("Dee", at=TODAY, last_interaction_at=TODAY - 7 * DAY)
    dee = dee.copy(last_interaction_at=local(TODAY - 7 * DAY, 23, 59))
    assert due_date(dee, CONFIG) == TODAY


def test_snoozed_until_today_is_due_again():
    eve = person("Eve", at=TODAY, last_interaction_at=TODAY - 30 * DAY, snoozed_until=TODAY)
    assert is_due(eve, CONFIG, TODAY)
    # the snooze hides; it does not restart the clock
    assert due_contacts([eve], CONFIG, TODAY)[0].days_overdue == 23


def test_snoozed_until_tomorrow_is_not_due():
    fay = person("Fay", at=TODAY, last_interaction_at=TODAY - 30 * DAY, snoozed_until=TODAY + DAY)
    assert not is_due(fay, CONFIG, TODAY)
    assert is_due(fay, CONFIG, TODAY + DAY)
    assert due_contacts([fay], CONFIG, TODAY) == []


def test_archived_is_never_due():
    gus = person("Gus", at=TODAY, last_interaction_at=TODAY - 300 * DAY, archived=True)
    assert not is_due(gus, CONFIG, TODAY)
    assert not is_cold(gus, CONFIG, TODAY)


def test_back_dated_interaction_moves_the_clock(tmp_path: Path):
    store, _ = fixed_store(tmp_path)
    person = add(store, "Hal")  # created today: not due
    assert not is_due(store.get(person.id), CONFIG, TODAY)
    log(store, person, Kind.CALL, date(2026, 10, 1))  # `log --at 2026-10-01`
    stored = store.get(person.id)
    assert stored.last_interaction_at == local(date(2026, 10, 1))
    [item] = due_contacts([stored], CONFIG, TODAY)
    assert item.due_since == date(2026, 10, 8)
    assert item.days_overdue == (TODAY - date(2026, 10, 8)).days == 45


def test_back_dated_interaction_older_than_the_last_one_changes_nothing(tmp_path: Path):
    store, _ = fixed_store(tmp_path)
    person = add(store, "Ida", at=date(2026, 9, 1))
    log(store, person, Kind.MEETING, TODAY - 3 * DAY)
    log(store, person, Kind.NOTE, date(2026, 9, 2))
    assert due_date(store.get(person.id), CONFIG) == TODAY + 4 * DAY


def test_future_dated_interaction_pushes_the_due_date_out(tmp_path: Path):
    store, _ = fixed_store(tmp_path)
    person = add(store, "Jo", at=date(2026, 9, 1))
    assert is_due(store.get(person.id), CONFIG, TODAY)
    log(store, person, Kind.MEETING, TODAY + 3 * DAY)  # a planned meeting
    stored = store.get(person.id)
    assert due_date(stored, CONFIG) == TODAY + 10 * DAY
    assert not is_due(stored, CONFIG, TODAY)
    assert not is_due(stored, CONFIG, TODAY + 9 * DAY)
    assert is_due(stored, CONFIG, TODAY + 10 * DAY)


# --- the queue -------------------------------------------------------------------


def test_queue_is_most_overdue_first_then_earlier_touch_then_name():
    a = person("Zed", at=TODAY, stage=Stage.MET, last_interaction_at=TODAY - 10 * DAY)  # 3 days overdue
    b = person("Amy", at=TODAY, stage=Stage.TALKED, last_interaction_at=TODAY - 20 * DAY)  # 6 days overdue
    c = person("Bea", at=TODAY, stage=Stage.MET, last_interaction_at=TODAY - 7 * DAY)  # due today
    d = person("Cal", stage=Stage.MET, at=TODAY - 7 * DAY)  # due today too
    e = person("Abe", at=TODAY, stage=Stage.MET, last_interaction_at=TODAY - 7 * DAY)  # due today, same touch as Bea
    not_yet = person("Dot", at=TODAY, stage=Stage.MET, last_interaction_at=TODAY - 6 * DAY)
    # Cal's clock started at noon (creation) like the others; give Cal an earlier hour
    d = d.copy(created_at=local(TODAY - 7 * DAY, 8))
    queue = due_contacts([a, b, c, d, e, not_yet], CONFIG, TODAY)
    assert [(x.contact.name, x.days_overdue) for x in queue] == [
        ("Amy", 6), ("Zed", 3), ("Cal", 0), ("Abe", 0), ("Bea", 0),
    ]


@given(st.lists(st.tuples(st.integers(-40, 200), st.sampled_from(list(Stage))), max_size=25))
def test_queue_holds_exactly_the_due_ones_in_order(rows):
    people = [person(f"p{i}", at=TODAY, stage=s, last_interaction_at=TODAY - n * DAY) for i, (n, s) in enumerate(rows)]
    queue = due_contacts(people, CONFIG, TODAY)
    assert {q.contact.id for q in queue} == {p.id for p in people if is_due(p, CONFIG, TODAY)}
    overdue = [q.days_overdue for q in queue]
    assert overdue == sorted(overdue, reverse=True)
    assert all(q.days_overdue == (TODAY - due_date(q.contact, CONFIG)).days >= 0 for q in queue)


def test_going_cold_means_a_whole_cadence_missed():
    assert not is_cold(person("A", at=TODAY, last_interaction_at=TODAY - 14 * DAY), CONFIG, TODAY)  # 7 overdue = cadence
    assert is_cold(person("B", at=TODAY, last_interaction_at=TODAY - 15 * DAY), CONFIG, TODAY)
    assert not is_cold(person("C", at=TODAY, last_interaction_at=TODAY - 60 * DAY, snoozed_until=TODAY + DAY), CONFIG, TODAY)


def test_next_due_names_who_comes_next():
    soon = person("Soon", at=TODAY, last_interaction_at=TODAY - 5 * DAY)  # due in 2 days
    later = person("Later", at=TODAY, stage=Stage.TRUSTED, last_interaction_at=TODAY - DAY)
    snoozed = person("Sleepy", at=TODAY, last_interaction_at=TODAY - 50 * DAY, snoozed_until=TODAY + DAY)  # back tomorrow
    due_now = person("Now", at=TODAY, last_interaction_at=TODAY - 9 * DAY)
    gone = person("Gone", at=TODAY, last_interaction_at=TODAY - 6 * DAY, archived=True)
    assert next_due([soon, later, due_now, gone], CONFIG, TODAY) == (soon, TODAY + 2 * DAY)
    assert next_due([soon, later, snoozed], CONFIG, TODAY) == (snoozed, TODAY + DAY)
    assert next_due([due_now, gone], CONFIG, TODAY) is None
    assert next_due([], CONFIG, TODAY) is None


def test_overdue_text():
    assert [overdue_text(n) for n in (0, 1, 12)] == ["due today", "1 day overdue", "12 days overdue"]


# --- cadence from config.toml and per contact ----------------------------------------


def test_cadence_from_config_file(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[cadence]\nmet = 3\n"gave value" = 45\n', "utf-8")
    config = load_config(path)
    assert config.problems == []
    assert config.cadence[Stage.MET] == 3
    assert config.cadence[Stage.GAVE_VALUE] == 45
    assert config.cadence[Stage.TALKED] == 14  # untouched stages keep the default
    kai = person("Kai", at=TODAY, last_interaction_at=TODAY - 3 * DAY)
    assert is_due(kai, config, TODAY)
    assert not is_due(kai, CONFIG, TODAY)
    giver = person("Lu", at=TODAY, stage=Stage.GAVE_VALUE, last_interaction_at=TODAY - 44 * DAY)
    assert not is_due(giver, config, TODAY) and is_due(giver, CONFIG, TODAY)


def test_per_contact_cadence_beats_the_stage(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text("[cadence]\ntrusted = 90\n", "utf-8")
    config = load_config(path)
    mo = person("Mo", at=TODAY, stage=Stage.TRUSTED, last_interaction_at=TODAY - 10 * DAY, cadence_days=10)
    assert cadence_days(mo, config) == 10
    assert due_date(mo, config) == TODAY
    assert is_due(mo, config, TODAY)
    assert not is_due(mo.copy(cadence_days=None), config, TODAY)


@pytest.mark.parametrize("bad", ["0", "-3", '"weekly"', "2.5", "true"])
def test_bad_cadence_in_config_names_the_key(tmp_path: Path, bad: str):
    path = tmp_path / "config.toml"
    path.write_text(f"[cadence]\ntalked = {bad}\nmet = 5\n", "utf-8")
    config = load_config(path)
    assert len(config.problems) == 1
    assert "cadence.talked" in config.problems[0]
    assert config.cadence[Stage.TALKED] == 14  # the default stays in force
    assert config.cadence[Stage.MET] == 5  # the good key still applies
    with pytest.raises(UserError, match="cadence.talked"):
        load_config(path, strict=True)


def test_unknown_stage_in_cadence_names_the_key(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text("[cadence]\nfriends = 10\n", "utf-8")
    assert "cadence.friends" in load_config(path).problems[0]


# --- snooze ------------------------------------------------------------------------


def test_snooze_presets():
    assert [snooze_until(c, TODAY) for c in SNOOZE_PRESETS] == [
        date(2026, 11, 23), date(2026, 11, 29), date(2026, 12, 22),
    ]
    assert snooze_until("  1  Week ", TODAY) == date(2026, 11, 29)
    assert snooze_until("tomorrow", TODAY) == date(2026, 11, 23)


def test_snooze_a_month_is_a_calendar_month_clamped():
    assert snooze_until("1 month", date(2027, 1, 31)) == date(2027, 2, 28)
    assert snooze_until("1 month", date(2028, 1, 31)) == date(2028, 2, 29)
    assert snooze_until("1 month", date(2026, 12, 15)) == date(2027, 1, 15)
    assert add_months(date(2026, 3, 31), 13) == date(2027, 4, 30)


def test_snooze_typed_dates_and_offsets():
    assert snooze_until("2026-12-01", TODAY) == date(2026, 12, 1)
    assert snooze_until("+3d", TODAY) == date(2026, 11, 25)
    assert snooze_until("+2w", TODAY) == date(2026, 12, 6)
    assert snooze_until("10 days", TODAY) == date(2026, 12, 2)
    assert snooze_until("+2m", TODAY) == date(2027, 1, 22)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2026-11-01", "not after today"),
        ("2026-11-22", "not after today"),
        ("next tuesday", "cannot read 'next tuesday'"),
        ("2026-13-01", "cannot read"),
        ("", "say until when"),
        ("+0d", "at least one day"),
        ("+99999d", "more than ten years ahead"),
    ],
)
def test_snooze_refuses_past_and_unreadable(text: str, said: str):
    with pytest.raises(UserError, match=said):
        snooze_until(text, TODAY)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       st.sampled_from([*SNOOZE_PRESETS, "+1d", "+5w", "+3m", "+400d"]))
def test_snooze_always_lands_after_today(today: date, choice: str):
    until = snooze_until(choice, today)
    assert today < until <= today + timedelta(days=400)


# --- stage prompts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "kind", "offer"),
    [
        (Stage.MET, Kind.CALL, Stage.TALKED),
        (Stage.MET, Kind.MEETING, Stage.TALKED),
        (Stage.MET, Kind.GAVE, Stage.GAVE_VALUE),
        (Stage.TALKED, Kind.GAVE, Stage.GAVE_VALUE),
        (Stage.TALKED, Kind.CALL, None),
        (Stage.MET, Kind.MESSAGE, None),
        (Stage.MET, Kind.RECEIVED, None),
        (Stage.MET, Kind.NOTE, None),
        (Stage.GAVE_VALUE, Kind.GAVE, None),
        (Stage.GAVE_VALUE, Kind.MEETING, None),
        (Stage.TRUSTED, Kind.GAVE, None),
    ],
)
def test_stage_prompt(stage: Stage, kind: Kind, offer: Stage | None):
    assert stage_prompt(person("N", at=TODAY, stage=stage), kind) == offer
    assert stage_prompt(person("N", at=TODAY, stage=stage), kind.value) == offer


@given(st.sampled_from(list(Stage)), st.sampled_from(list(Kind)))
def test_trusted_is_never_offered(stage: Stage, kind: Kind):
    offer = stage_prompt(person("O", at=TODAY, stage=stage), kind)
    assert offer != Stage.TRUSTED
    assert offer is None or list(Stage).index(offer) > list(Stage).index(stage)
