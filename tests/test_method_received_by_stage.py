"""Referrals from unlikely sources: value received by the giver's stage then (issue 13, part 4)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from board.config import Config
from board.model import Kind, Stage, Value
from board.stats import givers_gain_for, unlikely_sources
from board.store import Store
from tests.helpers import TODAY, Clock, add, cli_on_clock, fixed_store, local, run

CONFIG = Config()
DAY = timedelta(days=1)


def build(root: Path) -> Store:
    """Who gave what, and in which stage they were at the time.

    Mia   met 200 days ago; referral at 150 (Met); moved to Trusted at 100; referral at 50
    Noa   Talked since 400 days ago; feedback at 300 (Talked), info at 400 (too old)
    Ola   Gave value at 60 days ago, archived since; referral at 10 (Gave value)
    Pat   Met; a `gave` 5 days ago (given, not received)
    """
    store, clock = fixed_store(root)
    clock.now = local(TODAY - 200 * DAY)
    mia = add(store, "Mia")
    store.log(mia.id, Kind.RECEIVED, "a client", value=Value.REFERRAL, at=local(TODAY - 150 * DAY))
    clock.now = local(TODAY - 100 * DAY)
    store.move(mia.id, Stage.TRUSTED)
    store.log(mia.id, Kind.RECEIVED, "another client", value=Value.REFERRAL, at=local(TODAY - 50 * DAY))
    clock.now = local(TODAY - 400 * DAY, 9)
    noa = add(store, "Noa", stage=Stage.TALKED)
    store.log(noa.id, Kind.RECEIVED, "old tip", value=Value.INFORMATION, at=local(TODAY - 400 * DAY, 10))
    store.log(noa.id, Kind.RECEIVED, "deck review", value=Value.FEEDBACK, at=local(TODAY - 300 * DAY))
    clock.now = local(TODAY - 60 * DAY)
    ola = add(store, "Ola", stage=Stage.GAVE_VALUE)
    store.log(ola.id, Kind.RECEIVED, "a buyer", value=Value.REFERRAL, at=local(TODAY - 10 * DAY))
    store.archive(ola.id)
    pat = add(store, "Pat")
    store.log(pat.id, Kind.GAVE, "an intro", value=Value.INTRODUCTION, at=local(TODAY - 5 * DAY))
    clock.now = local(TODAY, 9)
    return store


def test_counted_by_the_stage_at_the_time_not_today(tmp_path: Path):
    store = build(tmp_path)
    assert store.get(store.find("mia").id).stage == Stage.TRUSTED
    gain = givers_gain_for(store, CONFIG)
    assert gain.received_by_stage == {
        Stage.MET: 1, Stage.TALKED: 1, Stage.GAVE_VALUE: 1, Stage.TRUSTED: 1,
    }
    assert gain.to_dict()["received_by_stage"] == {"met": 1, "talked": 1, "gave_value": 1, "trusted": 1}
    assert sum(gain.received_by_stage.values()) == gain.received_total(365)


def test_the_sentence_on_the_screen():
    from board.stats import GiversGain

    gain = GiversGain(today=TODAY)
    assert unlikely_sources(gain) == ""
    gain.received_by_stage.update({Stage.TRUSTED: 3})
    assert unlikely_sources(gain) == ""  # none from Met: nothing to point out
    gain.received_by_stage.update({Stage.MET: 4, Stage.TALKED: 3, Stage.GAVE_VALUE: 2, Stage.TRUSTED: 2})
    assert unlikely_sources(gain) == "4 of your 11 gifts received in a year came from people you had only met"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clock = Clock(local(TODAY, 9))
    data = cli_on_clock(tmp_path, monkeypatch, clock)
    return data


def test_stats_json_and_text(env: Path, capsys):
    build(env)
    code, out, err = run(capsys, "stats", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["received_by_stage"] == {"met": 1, "talked": 1, "gave_value": 1, "trusted": 1}
    assert list(data["received_by_stage"]) == ["met", "talked", "gave_value", "trusted"]
    code, out, _ = run(capsys, "stats")
    assert "  Gifts by stage then  Met 1 · Talked 1 · Gave value 1 · Trusted 1 (365d)" in out
    assert "    1 of your 4 gifts received in a year came from people you had only met" in out


def test_no_per_person_ledger_anywhere(env: Path, capsys):
    build(env)
    out = run(capsys, "stats")[1] + run(capsys, "stats", "--json")[1]
    for name in ("Mia", "Noa", "Ola", "Pat"):
        assert name not in out
