"""Givers' gain: how the user's giving is going, in aggregate.

Givers gain when they give without keeping score person by person, so every figure
here is a total over the whole network — there is deliberately no per-person ledger.

Counting rules (each one a choice a reader may want to check):

- Periods are the last 30, 90 and 365 days counted in local calendar days, today
  included: an interaction dated 29 days ago is in the last 30 days, one 30 days ago
  is not. Future-dated interactions are in no period and in no week.
- Given and received count `gave` and `received` interactions by their value kind
  (a missing value counts as `other`), including those with archived contacts:
  archiving someone does not undo what was given.
- Stages, sphere, flow, cold and due count non-archived contacts only.
- Flow: there is no stage history, only each contact's `stage_changed_at`, so "moved
  forward this month" counts contacts now beyond Met whose stage changed in the last
  30 days, after they were added (someone added straight into Trusted did not move).
  A move backwards in that window is counted too; it is rare, and the figure is about
  momentum, not bookkeeping.
- Weekly activity: every interaction, counted in 7-day windows ending today (the last
  window is today and the six days before it), oldest window first.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from board.config import Config
from board.model import Contact, Interaction, Kind, Stage, Value
from board.store import Store
from board.triage import is_cold, is_due, local_date

PERIODS = (30, 90, 365)
SPHERE_GOAL = 250  # Bob Burg's sphere of influence: about 250 people who know, like, trust you
WEEKS = 26
FLOW_DAYS = 30
HORIZON = max(*PERIODS, 7 * WEEKS)  # the oldest day any figure counts, in days back


def _empty_counts() -> dict[int, dict[Value, int]]:
    return {days: {value: 0 for value in Value} for days in PERIODS}


@dataclass
class GiversGain:
    """The aggregate picture of giving and receiving on a given day."""

    today: date
    given: dict[int, dict[Value, int]] = field(default_factory=_empty_counts)
    received: dict[int, dict[Value, int]] = field(default_factory=_empty_counts)
    stages: dict[Stage, int] = field(default_factory=lambda: {s: 0 for s in Stage})
    flow: dict[Stage, int] = field(default_factory=lambda: {s: 0 for s in Stage if s != Stage.MET})
    cold: int = 0
    due: int = 0
    weekly: list[int] = field(default_factory=lambda: [0] * WEEKS)
    sphere_goal: int = SPHERE_GOAL

    @property
    def sphere(self) -> int:
        """People who have had value from you or trust you: Gave value + Trusted."""
        return self.stages[Stage.GAVE_VALUE] + self.stages[Stage.TRUSTED]

    @property
    def moved_forward(self) -> int:
        return sum(self.flow.values())

    def given_total(self, days: int) -> int:
        return sum(self.given[days].values())

    def received_total(self, days: int) -> int:
        return sum(self.received[days].values())

    @property
    def first_week_start(self) -> date:
        """The first day of the oldest weekly window."""
        return self.today - timedelta(days=7 * WEEKS - 1)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of `trustboard stats --json`."""

        def periods(counts: dict[int, dict[Value, int]]) -> dict[str, Any]:
            return {
                f"last_{days}_days": {
                    **{value.value: n for value, n in counts[days].items()},
                    "total": sum(counts[days].values()),
                }
                for days in PERIODS
            }

        return {
            "as_of": self.today.isoformat(),
            "stages": {stage.value: n for stage, n in self.stages.items()},
            "given": periods(self.given),
            "received": periods(self.received),
            "sphere": {"count": self.sphere, "goal": self.sphere_goal},
            "flow": {
                "days": FLOW_DAYS,
                "moved_forward": self.moved_forward,
                "to": {stage.value: n for stage, n in self.flow.items()},
            },
            "cold": self.cold,
            "due": self.due,
            "weekly": {
                "weeks": WEEKS,
                "first_week_start": self.first_week_start.isoformat(),
                "counts": list(self.weekly),
            },
        }


def givers_gain(
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction],
    config: Config,
    now: datetime,
) -> GiversGain:
    """Compute the givers' gain figures for the day of `now` (see the module's rules)."""
    today = local_date(now)
    gain = GiversGain(today=today)
    for contact in contacts:
        if contact.archived:
            continue
        gain.stages[contact.stage] += 1
        if contact.stage != Stage.MET and contact.stage_changed_at > contact.created_at:
            if 0 <= (today - local_date(contact.stage_changed_at)).days < FLOW_DAYS:
                gain.flow[contact.stage] += 1
        if is_due(contact, config, today):
            gain.due += 1
            gain.cold += is_cold(contact, config, today)
    # Local midnights (as timestamps) from the oldest day counted to tomorrow: bisecting
    # them finds an interaction's age in days far faster than converting each to local time.
    first = today - timedelta(days=HORIZON - 1)
    bounds = [
        datetime.combine(first + timedelta(days=i), time()).astimezone().timestamp()
        for i in range(HORIZON + 1)
    ]
    for interaction in interactions:
        at = interaction.at.timestamp()
        if at < bounds[0] or at >= bounds[-1]:
            continue  # older than every window, or in the future
        age = HORIZON - bisect_right(bounds, at)
        if age < 7 * WEEKS:
            gain.weekly[WEEKS - 1 - age // 7] += 1
        if interaction.kind in (Kind.GAVE, Kind.RECEIVED):
            counts = gain.given if interaction.kind == Kind.GAVE else gain.received
            value = interaction.value or Value.OTHER
            for days in PERIODS:
                if age < days:
                    counts[days][value] += 1
    return gain


def givers_gain_for(store: Store, config: Config) -> GiversGain:
    """The figures for everything in `store`, as of its clock (the CLI and the board call this)."""
    return givers_gain(store.contacts(archived=None), store.all_interactions(), config, store.clock())
