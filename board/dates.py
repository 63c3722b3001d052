"""Dates and cadences the data may hold, checked at every door.

One out-of-range value (an interaction in the year 9999, a cadence of 2**63 days) would
otherwise overflow date arithmetic in triage and stats and make the whole store unusable.
So every door — CLI, forms, importers, config — refuses what is out of range with a
sentence, and a value already stored out of range is read as the nearest bound
(`clamp_*`), so no command ever crashes on it.

Bounds:
- an interaction happens no earlier than 1900 and no more than a day ahead (a planned
  meeting is a reminder, not an interaction);
- a contact is created no earlier than 1900 and never in the future;
- snoozes, reminders and reconnect dates are at most ten years ahead at the doors;
- a cadence is 1–3650 days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from board.errors import UserError

EARLIEST = date(1900, 1, 1)
EARLIEST_MOMENT = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_STORABLE = date(9999, 12, 30)  # one day of headroom for `+ timedelta(days=1)`
INTERACTION_LEAD = timedelta(days=1)
FUTURE_DAYS = 3650  # snoozes, reminders, reconnect dates: ten years ahead at most
MIN_CADENCE = 1
MAX_CADENCE = 3650


def check_interaction_time(moment: datetime, now: datetime) -> datetime:
    """An interaction's time, or `UserError` when before 1900 or over a day ahead."""
    if moment < EARLIEST_MOMENT:
        raise UserError(f"{moment:%Y-%m-%d} is before 1900: check the date")
    if moment > now + INTERACTION_LEAD:
        raise UserError(
            f"{moment:%Y-%m-%d %H:%M} is more than a day ahead: an interaction has "
            "happened; for a planned step use `trustboard remind`"
        )
    return moment


def check_created(moment: datetime, now: datetime) -> datetime:
    """A creation time, or `UserError` when before 1900 or in the future."""
    if moment < EARLIEST_MOMENT:
        raise UserError(f"{moment:%Y-%m-%d} is before 1900: check the date")
    if moment > now + timedelta(minutes=5):  # a little slack for another machine's clock
        raise UserError(f"{moment:%Y-%m-%d} is in the future: a contact is added today or earlier")
    return moment


def check_future_day(day: date, today: date, *, what: str = "that date") -> date:
    """A day for a snooze, reminder or plan: not more than ten years ahead."""
    if day < EARLIEST:
        raise UserError(f"{what} {day.isoformat()} is before 1900: check the date")
    if (day - today).days > FUTURE_DAYS:
        raise UserError(f"{what} {day.isoformat()} is more than ten years ahead: pick a nearer date")
    return day


def check_cadence(days: object) -> int:
    """A cadence in whole days, 1–3650, or `UserError` naming the range."""
    if isinstance(days, bool) or not isinstance(days, int) or not (
        MIN_CADENCE <= days <= MAX_CADENCE
    ):
        raise UserError(
            f"a follow-up cadence is a whole number of days from {MIN_CADENCE} to "
            f"{MAX_CADENCE}, not {days!r}"
        )
    return days


def clamp_moment(moment: datetime, latest: datetime) -> datetime:
    """A stored moment read within [1900, latest] (never raises)."""
    if moment < EARLIEST_MOMENT:
        return EARLIEST_MOMENT
    return latest if moment > latest else moment


def clamp_day(day: date) -> date:
    """A stored day read within [1900-01-01, 9999-12-30] (never raises)."""
    if day < EARLIEST:
        return EARLIEST
    return LATEST_STORABLE if day > LATEST_STORABLE else day


def clamp_cadence(days: int) -> int:
    """A stored cadence read within 1–3650 days (never raises)."""
    return max(MIN_CADENCE, min(MAX_CADENCE, days))
