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
- An introduction logged on both people (two `gave`/`introduction` interactions linked
  by `linked_to`) is one gift: it counts once in given and in weekly activity (once
  even if one of the two was later deleted).
- Due counts who Today lists: owed thanks and reminders included, quiet people not
  (`board.triage`, `board.standing`).
- Funnel: people who came by a request (`board.standing.came_by_request`), archived
  ones included — archiving the quiet ones does not rewrite what happened: how many you
  answered, how many replied, how many reached Talked or beyond, how many are quiet.
- Received by stage: value received in the last 365 days, by the stage the giver was
  in at that moment (from their stage history), archived givers included.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from board.config import Config
from board.model import Contact, Interaction, Kind, Stage, Value
from board.standing import NOTHING, came_by_request, may_stand_out, read_standing
from board.store import Store
from board.text import plural
from board.triage import is_cold, is_due, local_date

PERIODS = (30, 90, 365)
SPHERE_GOAL = 250  # Bob Burg's sphere of influence: about 250 people who know, like, trust you
WEEKS = 26
FLOW_DAYS = 30
RECEIVED_BY_STAGE_DAYS = 365
FUNNEL = ("requests", "answered", "replied", "talked", "quiet")
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
    funnel: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FUNNEL, 0))
    received_by_stage: dict[Stage, int] = field(default_factory=lambda: {s: 0 for s in Stage})

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

    def funnel_rate(self, step: str) -> int | None:
        """A funnel step as a whole percentage of the step it follows (None: nothing to divide).

        answered and talked are out of requests; replied and quiet out of answered.
        """
        base = self.funnel["answered" if step in ("replied", "quiet") else "requests"]
        return round(100 * self.funnel[step] / base) if base else None

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
            "funnel": dict(self.funnel),
            "received_by_stage": {stage.value: n for stage, n in self.received_by_stage.items()},
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
    people = {contact.id: contact for contact in contacts}
    # The histories the rules need, gathered in the one pass below: those who may be owed
    # thanks or quiet (for `due`), and everyone who came by a request (for the funnel).
    read = {cid for cid, c in people.items() if may_stand_out(c, now) or came_by_request(c)}
    histories: dict[str, list[Interaction]] = {cid: [] for cid in read}
    # Local midnights (as timestamps) from the oldest day counted to tomorrow: bisecting
    # them finds an interaction's age in days far faster than converting each to local time.
    first = today - timedelta(days=HORIZON - 1)
    bounds = [
        datetime.combine(first + timedelta(days=i), time()).astimezone().timestamp()
        for i in range(HORIZON + 1)
    ]
    pairs: set[tuple[str, str]] = set()  # introductions on both sides already counted
    for interaction in interactions:
        bucket = histories.get(interaction.contact_id)
        if bucket is not None:
            bucket.append(interaction)
        at = interaction.at.timestamp()
        if at < bounds[0] or at >= bounds[-1]:
            continue  # older than every window, or in the future
        if interaction.linked_to:
            pair = (min(interaction.id, interaction.linked_to), max(interaction.id, interaction.linked_to))
            if pair in pairs:
                continue  # the other half of an introduction already counted
            pairs.add(pair)
        age = HORIZON - bisect_right(bounds, at)
        if age < 7 * WEEKS:
            gain.weekly[WEEKS - 1 - age // 7] += 1
        if interaction.kind in (Kind.GAVE, Kind.RECEIVED):
            counts = gain.given if interaction.kind == Kind.GAVE else gain.received
            value = interaction.value or Value.OTHER
            for days in PERIODS:
                if age < days:
                    counts[days][value] += 1
            giver = people.get(interaction.contact_id)
            if interaction.kind == Kind.RECEIVED and giver is not None and age < RECEIVED_BY_STAGE_DAYS:
                gain.received_by_stage[giver.marked().stage_at(interaction.at)] += 1
    for cid, contact in people.items():
        history = histories.get(cid)
        standing = read_standing(contact, history, config, now) if history is not None else NOTHING
        if standing.request:
            gain.funnel["requests"] += 1
            gain.funnel["answered"] += standing.answered_at is not None
            gain.funnel["replied"] += standing.replied
            gain.funnel["talked"] += contact.stage != Stage.MET
            gain.funnel["quiet"] += standing.quiet
        if contact.archived:
            continue
        gain.stages[contact.stage] += 1
        if contact.stage != Stage.MET and contact.stage_changed_at > contact.created_at:
            if 0 <= (today - local_date(contact.stage_changed_at)).days < FLOW_DAYS:
                gain.flow[contact.stage] += 1
        if is_due(contact, config, today, standing):
            gain.due += 1
            gain.cold += is_cold(contact, config, today)
    return gain


def givers_gain_for(store: Store, config: Config) -> GiversGain:
    """The figures for everything in `store`, as of its clock (the CLI and the board call this)."""
    return givers_gain(store.contacts(archived=None), store.all_interactions(), config, store.clock())


def unlikely_sources(gain: GiversGain, *, short: bool = False) -> str:
    """'4 of your 11 gifts received in a year came from people you had only met', or ''
    when none came from Met (nothing unlikely to point out). `short` says 'this year'."""
    total = sum(gain.received_by_stage.values())
    met = gain.received_by_stage[Stage.MET]
    if not met:
        return ""
    when = "this year" if short else "received in a year"
    return f"{met} of your {plural(total, 'gift')} {when} came from people you had only met"
