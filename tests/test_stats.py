"""Givers' gain figures against a small network computed by hand (board.stats)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from board.config import Config
from board.model import Interaction, Kind, Stage, Value, new_id
from board.stats import PERIODS, WEEKS, givers_gain, givers_gain_for
from tests.helpers import TODAY, build_network, days_ago, local, person

CONFIG = Config()


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
    assert gain.due == 5  # Ana, Dan, Gil, Ivy; and Cat, owed thanks for her referral
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
    assert (data["cold"], data["due"]) == (3, 5)
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
    p = person("P", at=date(2024, 1, 1))
    history = [
        Interaction(new_id(), p.id, local(days_ago(age)), kind,
                    value=value if kind != Kind.CALL else None)
        for age, kind, value in rows
    ]
    gain = givers_gain([p], history, CONFIG, local(TODAY, 9))
    for counts_ in (gain.given, gain.received):
        for value in Value:
            assert counts_[30][value] <= counts_[90][value] <= counts_[365][value]
    given_365 = sum(1 for age, kind, _ in rows if kind == Kind.GAVE and 0 <= age < 365)
    assert gain.given_total(365) == given_365
    assert sum(gain.weekly) == sum(1 for age, _, _ in rows if 0 <= age < 7 * WEEKS)
    assert gain.weekly[-1] == sum(1 for age, _, _ in rows if 0 <= age < 7)
