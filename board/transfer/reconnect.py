"""The reconnect plan: the people an import brings in fall due a few a day, not all at once.

Importing years of LinkedIn connections would otherwise make every one of them due on
the first morning ("3018 due today, 2760 days overdue"). Instead each new person gets a
`reconnect_on` day: none is due on the day of the import; from the next day on, Today
takes `[import] reconnect_per_day` of them a day (default 3), and `board.triage` makes
that day their due date until something is logged with them.

The order is most recent connection first: a connection made last week still remembers
you and gets the *answer-request* opener while it is fresh; one from 2019 has waited
years and can wait a few weeks more for its *reconnect* note. A second import is
appended after the last day already planned. The plan stays within the ten years the
doors accept for a date ahead: a network too big for that at the chosen pace is planned
at the pace that fits, and the summary says so.

Every importer but trustboard JSON plans (LinkedIn connections and invitations, vCard,
CSV); JSON is the user's own data and keeps the `reconnect_on` it carries. People already
on the board are matched and merged, never planned again; archived ones are not planned.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from math import ceil

from board.dates import FUTURE_DAYS
from board.model import Contact
from board.transfer.common import Incoming

PLANNED_KINDS = frozenset({"linkedin", "invitations", "vcard", "csv"})


@dataclass(frozen=True, slots=True)
class ReconnectPlan:
    """The days an import planned: `count` people, `per_day` a day, `first` … `last`."""

    count: int
    per_day: int
    asked_per_day: int  # the configured pace (per_day is more when the plan would not fit)
    first: date
    last: date


def plan_reconnects(
    adds: list[Incoming], existing: list[Contact], today: date, per_day: int
) -> tuple[list[Incoming], ReconnectPlan | None]:
    """`adds` with a `reconnect_on` day each (archived ones left out), and the plan made.

    The first day is tomorrow, or the day after the last one already planned; records
    keep their order in the returned list.
    """
    planned = [i for i, r in enumerate(adds) if not r.contact.archived]
    if not planned:
        return adds, None
    asked = max(1, per_day)
    already = max((c.reconnect_on for c in existing if c.reconnect_on is not None), default=None)
    first = today + timedelta(days=1)
    if already is not None and already >= first:
        first = min(already + timedelta(days=1), today + timedelta(days=FUTURE_DAYS))
    days_left = FUTURE_DAYS - (first - today).days + 1
    pace = max(asked, ceil(len(planned) / days_left))
    # Most recent connection first; the file's order among people of the same moment.
    planned.sort(key=lambda i: (-adds[i].contact.created_at.timestamp(), i))
    out = list(adds)
    for rank, i in enumerate(planned):
        day = first + timedelta(days=rank // pace)
        out[i] = replace(adds[i], contact=adds[i].contact.copy(reconnect_on=day))
    last = first + timedelta(days=(len(planned) - 1) // pace)
    return out, ReconnectPlan(len(planned), pace, asked, first, last)
