"""The reconnect plan: the people an import brings in fall due a few a day, not all at once.

Importing years of LinkedIn connections would otherwise make every one of them due on
the first morning ("3018 due today, 2760 days overdue"). Instead each new person gets a
`reconnect_on` day: none is due on the day of the import; from the next day on, Today
takes `[import] reconnect_per_day` of them a day (default 3), and `board.triage` makes
that day their due date until something is logged with them.

The plan is one queue, most recent connection first: a connection made last week still
remembers you and gets the *answer-request* opener while it is fresh; one from 2019 has
waited years and can wait a few weeks more for its *reconnect* note. So a later import
puts its connections of the last 30 days (and people without a connection date, taken
as connected on the day of the import) at the front, and everyone still waiting moves
back as many days as they take, so the pace holds; its older connections are appended
after the last day planned. The plan stays within the ten years the doors accept for a
date ahead: an import too big for that at the chosen pace is planned at the pace that
fits, and the summary says so (people already waiting never move past that bound).

Every importer but trustboard JSON plans (LinkedIn connections and invitations, vCard,
CSV); JSON is the user's own data and keeps the `reconnect_on` it carries. People already
on the board are matched and merged, never planned again; archived ones are not planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress
from math import ceil

from board.dates import FUTURE_DAYS
from board.model import Contact, local_date
from board.transfer.common import Incoming
from board.triage import reconnect_day

PLANNED_KINDS = frozenset({"linkedin", "invitations", "vcard", "csv"})
FRESH = timedelta(days=30)  # a connection this recent goes to the front (as outreach's answer-request)


@dataclass(frozen=True, slots=True)
class ReconnectPlan:
    """The days an import planned: `count` people, `per_day` a day, `first` … `last`;
    `moved` people already waiting moved back `moved_days` days to make room at the front."""

    count: int
    per_day: int
    asked_per_day: int  # the configured pace (per_day is more when the plan would not fit)
    first: date
    last: date
    fresh: int = 0  # of `count`, connected in the last 30 days (or undated): at the front
    moved: int = 0
    moved_days: int = 0


def plan_reconnects(
    adds: list[Incoming], existing: list[Contact], today: date, per_day: int
) -> tuple[list[Incoming], list[Contact], ReconnectPlan | None]:
    """`adds` with a `reconnect_on` day each (archived ones left out), the people already
    waiting with their new, later day (when fresh connections go first), and the plan.

    Records keep their order in the returned list.
    """
    planned = [i for i, r in enumerate(adds) if not r.contact.archived]
    if not planned:
        return adds, [], None
    asked = max(1, per_day)
    bound = today + timedelta(days=FUTURE_DAYS)
    # Most recent connection first; the file's order among people of the same moment.
    # Each moment's instant and local day worked out once: the rows of one day share it.
    moments = {m: (-m.timestamp(), local_date(m)) for m in {adds[i].contact.created_at for i in planned}}
    planned.sort(key=lambda i: (moments[adds[i].contact.created_at][0], i))
    since = today - FRESH
    is_fresh = [moments[adds[i].contact.created_at][1] >= since for i in planned]
    fresh = list(compress(planned, is_fresh))
    older = [i for i, new in zip(planned, is_fresh, strict=True) if not new]
    waiting = [c for c in existing if not c.archived and (reconnect_day(c) or today) > today]
    tomorrow = today + timedelta(days=1)
    days: dict[int, date] = {}
    front, front_pace = _slots(fresh, tomorrow, asked, bound)
    days.update(front)
    shift = (max(front.values()) - today).days if front and waiting else 0
    moved = [_later(c, shift, bound) for c in waiting] if shift else []
    last_waiting = max((c.reconnect_on for c in moved or waiting if c.reconnect_on), default=None)
    start = max(tomorrow, max(front.values(), default=today) + timedelta(days=1))
    if last_waiting is not None:
        start = max(start, last_waiting + timedelta(days=1))
    tail, tail_pace = _slots(older, min(start, bound), asked, bound)
    days.update(tail)
    out = list(adds)
    for i, day in days.items():
        record = adds[i]
        out[i] = Incoming(record.line, record.contact.copy(reconnect_on=day), record.interactions, record.by_id)
    plan = ReconnectPlan(
        len(planned), max(front_pace, tail_pace), asked, min(days.values()), max(days.values()),
        fresh=len(fresh), moved=len(moved), moved_days=shift,
    )
    return out, moved, plan


def _slots(order: list[int], first: date, pace: int, bound: date) -> tuple[dict[int, date], int]:
    """Days from `first`, `pace` people a day (more if they would not fit before `bound`)."""
    if not order:
        return {}, pace
    fits = max(1, (bound - first).days + 1)
    pace = max(pace, ceil(len(order) / fits))
    days = [first + timedelta(days=n) for n in range(ceil(len(order) / pace))]  # each day made once
    return {i: days[rank // pace] for rank, i in enumerate(order)}, pace


def _later(contact: Contact, days: int, bound: date) -> Contact:
    assert contact.reconnect_on is not None  # (only people waiting in the plan move)
    return contact.copy(reconnect_on=min(contact.reconnect_on + timedelta(days=days), bound))
