"""Givers' gain figures against a small network computed by hand (board.stats)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from _triage_helpers import TODAY, add, contact, fixed_store, local, log
from hypothesis import given, settings
from hypothesis import strategies as st

from board.config import Config
from board.model import Interaction, Kind, Stage, Value, new_id
from board.stats import PERIODS, WEEKS, givers_gain, givers_gain_for
from board.store import Store

CONFIG = Config()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def build_network(root: Path) -> Store:
    """The hand-built network; every expectation below is computed from this comment.

    name  stage       created     interactions (age in days)               due? cold?
    Ana   Met         Nov 1       -                                        yes  yes (14 > 7)
    Ben   Talked      Jun 1       gave info 2, gave referral 82,           no
                                  call 7, gave (no value) 50
    Cat   Gave value  Jan 10      gave intro 266, received referral 21     no
    Dan   Trusted     2025-06-01  received other 365, received feedback 364 yes yes
    Eve   Met, archived           gave resource 1                          -
    Fay   Met         today       meeting in 3 days (future)               no
    Gil   Met→Talked  Oct 1       moved on Nov 10 (flow)                   yes  yes (38 > 14)
    Hal   Trusted     today       added straight into Trusted (no flow)    no
    Ivy   Talked→GV   Sep 1       moved and gave feedback 33 days ago      yes  no (3)
    Jon   Met         Oct 1       snoozed until Nov 30                     no
    """
    store, clock = fixed_store(root)
    add(store, "Ana", created=date(2026, 11, 1))
    ben = add(store, "Ben", stage=Stage.TALKED, created=date(2026, 6, 1))
    log(store, ben, Kind.GAVE, days_ago(2), Value.INFORMATION)
    log(store, ben, Kind.GAVE, days_ago(82), Value.REFERRAL)
    log(store, ben, Kind.CALL, days_ago(7))
    log(store, ben, Kind.GAVE, days_ago(50), None)
    cat = add(store, "Cat", stage=Stage.GAVE_VALUE, created=date(2026, 1, 10))
    log(store, cat, Kind.GAVE, days_ago(266), Value.INTRODUCTION)
    log(store, cat, Kind.RECEIVED, days_ago(21), Value.REFERRAL)
    dan = add(store, "Dan", stage=Stage.TRUSTED, created=date(2025, 6, 1))
    log(store, dan, Kind.RECEIVED, days_ago(365), Value.OTHER)
    log(store, dan, Kind.RECEIVED, days_ago(364), Value.FEEDBACK)
    eve = add(store, "Eve", created=date(2026, 8, 1))
    log(store, eve, Kind.GAVE, days_ago(1), Value.RESOURCE)
    store.archive(eve.id)
    fay = add(store, "Fay")
    log(store, fay, Kind.MEETING, TODAY + timedelta(days=3))
    gil = add(store, "Gil", created=date(2026, 10, 1))
    clock.moment = local(date(2026, 11, 10))
    store.move(gil.id, Stage.TALKED)
    add(store, "Hal", stage=Stage.TRUSTED, created=TODAY)
    ivy = add(store, "Ivy", stage=Stage.TALKED, created=date(2026, 9, 1))
    clock.moment = local(days_ago(33))
    store.move(ivy.id, Stage.GAVE_VALUE)
    log(store, ivy, Kind.GAVE, days_ago(33), Value.FEEDBACK)
    jon = add(store, "Jon", created=date(2026, 10, 1))
    store.snooze(jon.id, date(2026, 11, 30))
    clock.moment = local(TODAY, 9)
    return store


@pytest.fixture
def gain(tmp_path: Path):
    return givers_gain_for(build_network(tmp_path), CONFIG)


def counts(**nonzero: int) -> dict[Value, int]:
    return {v: nonzero.get(v.value, 0) for v in Value}


def test_stages_and_sphere(gain):
    assert gain.today == TODAY
    assert gain.stages == {Stage.MET: 3, Stage.TALKED: 2, Stage.GAVE_VALUE: 2, Stage.TRUSTED: 2}
    assert gain.sphere == 4


def test_flow_counts_recent_forward_moves_only(gain):
    assert gain.flow == {Stage.TALKED: 1, Stage.GAVE_VALUE: 0, Stage.TRUSTED: 0}
    assert gain.moved_forward == 1


def test_due_and_cold(gain):
    assert gain.due == 4  # Ana, Dan, Gil, Ivy
    assert gain.cold == 3  # Ana, Dan, Gil


def test_value_given_by_kind_and_period(gain):
    assert gain.given[30] == counts(information=1, resource=1)
    assert gain.given[90] == counts(information=1, resource=1, referral=1, feedback=1, other=1)
    assert gain.given[365] == counts(
        information=1, resource=1, referral=1, feedback=1, other=1, introduction=1
    )
    assert [gain.given_total(d) for d in PERIODS] == [2, 5, 6]


def test_value_received_by_kind_and_period(gain):
    assert gain.received[30] == counts(referral=1)
    assert gain.received[90] == counts(referral=1)
    assert gain.received[365] == counts(referral=1, feedback=1)  # 365 days ago is out


def test_weekly_activity_oldest_first(gain):
    expected = [0] * WEEKS
    expected[25] += 2  # this week: Ben's info (2 days ago), Eve's resource (1 day ago)
    expected[24] += 1  # Ben's call, 7 days ago
    expected[22] += 1  # Cat's referral, 21 days ago
    expected[21] += 1  # Ivy's feedback, 33 days ago
    expected[18] += 1  # Ben's gave, 50 days ago
    expected[14] += 1  # Ben's referral, 82 days ago
    assert gain.weekly == expected


def test_to_dict_is_the_json_shape(gain):
    data = gain.to_dict()
    assert data["as_of"] == "2026-11-22"
    assert data["stages"] == {"met": 3, "talked": 2, "gave_value": 2, "trusted": 2}
    assert data["given"]["last_30_days"] == {
        "information": 1, "resource": 1, "introduction": 0, "referral": 0,
        "feedback": 0, "other": 0, "total": 2,
    }
    assert data["given"]["last_365_days"]["total"] == 6
    assert data["received"]["last_365_days"]["feedback"] == 1
    assert data["sphere"] == {"count": 4, "goal": 250}
    assert data["flow"] == {"days": 30, "moved_forward": 1,
                            "to": {"talked": 1, "gave_value": 0, "trusted": 0}}
    assert (data["cold"], data["due"]) == (3, 4)
    assert data["weekly"]["counts"] == gain.weekly
    assert data["weekly"]["first_week_start"] == (TODAY - timedelta(days=181)).isoformat()
    assert not any("score" in key for key in data)  # no per-person reciprocity, ever


def test_empty_network():
    gain = givers_gain([], [], CONFIG, local(TODAY))
    assert gain.sphere == 0 and gain.due == 0 and gain.cold == 0
    assert gain.weekly == [0] * WEEKS
    assert all(gain.given_total(d) == 0 for d in PERIODS)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-30, 500), st.sampled_from([Kind.GAVE, Kind.RECEIVED, Kind.CALL]),
                          st.sampled_from([*Value, None])), max_size=40))
def test_periods_nest_and_weeks_add_up(rows):
    person = contact("P", created=date(2024, 1, 1))
    history = [
        Interaction(new_id(), person.id, local(days_ago(age)), kind,
                    value=value if kind != Kind.CALL else None)
        for age, kind, value in rows
    ]
    gain = givers_gain([person], history, CONFIG, local(TODAY, 9))
    for counts_ in (gain.given, gain.received):
        for value in Value:
            assert counts_[30][value] <= counts_[90][value] <= counts_[365][value]
    given_365 = sum(1 for age, kind, _ in rows if kind == Kind.GAVE and 0 <= age < 365)
    assert gain.given_total(365) == given_365
    assert sum(gain.weekly) == sum(1 for age, _, _ in rows if 0 <= age < 7 * WEEKS)
    assert gain.weekly[-1] == sum(1 for age, _, _ in rows if 0 <= age < 7)
