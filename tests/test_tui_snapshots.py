"""The look at 80×24, pinned: the log form with each kind, the add form, help, Today, details.

(The board itself is pinned at 60, 80 and 160 columns in test_tui_feel.)
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from board.model import Kind, Stage, Value
from tests.helpers import FIXED_NOW, add

SIZE = (80, 24)


@pytest.mark.parametrize("kind", list(range(1, 8)))
def test_log_form_with_each_kind(kind, sample_store, make_app, snap_compare):
    assert snap_compare(make_app(sample_store), terminal_size=SIZE, press=["i", str(kind)])


def test_add_form(sample_store, make_app, snap_compare):
    assert snap_compare(make_app(sample_store), terminal_size=SIZE, press=["a"])


def test_help(sample_store, make_app, snap_compare):
    assert snap_compare(make_app(sample_store), terminal_size=SIZE, press=["question_mark"])


def test_today_with_4_digit_overdue_counts(store, make_app, snap_compare):
    for name, days, stage in (
        ("Al Longago", 1530, Stage.MET), ("Bea Forgotten", 1210, Stage.TALKED),
        ("Cy Quiet", 400, Stage.GAVE_VALUE), ("Di Recent", 20, Stage.MET), ("Ed Today", 7, Stage.MET),
    ):
        when = FIXED_NOW - timedelta(days=days)
        add(store, name, at=when, stage=stage, company=f"{name.split()[1]} & Co", met_at="BNI breakfast")
    assert snap_compare(make_app(store), terminal_size=SIZE, press=["t"])


def test_details_with_a_long_timeline(store, make_app, snap_compare):
    when = FIXED_NOW - timedelta(days=400)
    ana = add(store, "Ana Lima", at=when, stage=Stage.TRUSTED, company="Acme Roofing",
              title="Owner", emails=["ana@acme.example"], expertise=["storm damage claims"],
              needs="more referrals", met_at="BNI breakfast")
    kinds = [Kind.CALL, Kind.MEETING, Kind.MESSAGE, Kind.GAVE, Kind.RECEIVED, Kind.NOTE]
    for n in range(40):
        kind = kinds[n % len(kinds)]
        value = Value.REFERRAL if kind in (Kind.GAVE, Kind.RECEIVED) else None
        store.log(ana.id, kind, f"entry {n}: caught up about the spring season, long enough to be cut",
                  at=when + timedelta(days=10 * n), value=value)
    assert snap_compare(make_app(store), terminal_size=SIZE, press=["enter"])
