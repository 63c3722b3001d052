"""Dates and cadences: the one parser for every WHEN a user types, and the bounds the data
may hold, checked at every door.

**WHEN** (`parse_moment` for when something happened, `parse_day` for a day ahead), the
same words everywhere — `log --at`, snooze, remind, the forms' "When":

    2026-10-01            an ISO date        2026-10-01T09:30, 2026-10-01 09:30+02:00
    today, yesterday, tomorrow               (and `now`, for a moment)
    -1d, +3d, +2w, +1m    days, weeks or calendar months from today ("3 days", "1 week")
    friday, fri           a weekday name

What a word means depends on the use, and each function says so:

- `parse_moment` (an interaction: it has happened): a weekday is the **last** such day,
  today included (`log --at friday` on a Friday is today); an offset without a sign counts
  back (`3d` is three days ago); a day without a time is noon of that day, except `today`,
  which is now, and tomorrow (`tomorrow`, `+1d`, tomorrow's date), which is this time
  tomorrow (noon tomorrow is more than a day ahead all morning: tomorrow is for a meeting
  in a zone already a day ahead, and it means the latest moment an interaction may have);
  a time may follow a day word (`yesterday 15:30`, `tomorrow 09:00`).
- `parse_day` (a snooze, a reminder: it lies ahead): a weekday is the **next** such day,
  after today (`snooze friday` on a Friday is a week away); an offset without a sign counts
  forward, and `day`, `week`, `month` mean one of them.

**Bounds** (`SCHEMA_V2.md`). One out-of-range value (an interaction in the year 9999, a
cadence of 2**63 days) would otherwise overflow date arithmetic in triage and stats and
make the whole store unusable. So every door — CLI, forms, importers, config — refuses what
is out of range with a sentence, and a value already stored out of range is read as the
nearest bound (`clamp_*`), so no command ever crashes on it:

- an interaction happens no earlier than 1900 and no more than a day ahead (a planned
  meeting is a reminder, not an interaction);
- a contact is created no earlier than 1900 and never in the future;
- snoozes, reminders and reconnect dates are at most ten years ahead at the doors;
- a cadence is 1–3650 days.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta

from board.clock import local_time
from board.errors import UserError

EARLIEST = date(1900, 1, 1)
EARLIEST_MOMENT = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_STORABLE = date(9999, 12, 30)  # one day of headroom for `+ timedelta(days=1)`
INTERACTION_LEAD = timedelta(days=1)
FUTURE_DAYS = 3650  # snoozes, reminders, reconnect dates: ten years ahead at most
MIN_CADENCE = 1
MAX_CADENCE = 3650


def _before_1900(label: str) -> UserError:
    return UserError(f"{label} is before 1900: check the date")


def _after_lead(label: str, now: datetime) -> UserError:
    """The refusal of an interaction over a day ahead, naming the latest moment allowed."""
    return UserError(
        f"{label} is more than a day ahead: an interaction is logged up to "
        f"{_shown(now + INTERACTION_LEAD):%Y-%m-%d %H:%M} (this time tomorrow); "
        "for a planned step use `trustboard remind`"
    )


def _shown(moment: datetime) -> datetime:
    """A moment in local time for a message (as typed when that is past the years a date holds)."""
    try:
        return local_time(moment)
    except OverflowError:  # 9999-12-31T23:59-05:00 is already the year 10000 in UTC
        return moment


def interaction_window(now: datetime) -> tuple[datetime, datetime]:
    """The first and last moment an interaction may have: 1900, and a day ahead of `now`."""
    return EARLIEST_MOMENT, now + INTERACTION_LEAD


def check_interaction_time(moment: datetime, now: datetime) -> datetime:
    """An interaction's time, or `UserError` when before 1900 or over a day ahead."""
    earliest, latest = interaction_window(now)
    if moment < earliest:
        raise _before_1900(moment.date().isoformat())
    if moment > latest:
        raise _after_lead(f"{_shown(moment):%Y-%m-%d %H:%M}", now)
    return moment


_CLOCK_SLACK = timedelta(minutes=5)  # a little slack for another machine's clock


def check_created(moment: datetime, now: datetime) -> datetime:
    """A creation time, or `UserError` when before 1900 or in the future."""
    if moment < EARLIEST_MOMENT:
        raise _before_1900(moment.date().isoformat())
    if moment > now + _CLOCK_SLACK:
        raise UserError(
            f"{_shown(moment):%Y-%m-%d} is in the future: a contact is added today or earlier"
        )
    return moment


def check_future_day(day: date, today: date, *, what: str = "") -> date:
    """A day for a snooze, reminder or plan: from 1900 and not more than ten years ahead."""
    prefix = f"{what} " if what else ""
    if day < EARLIEST:
        raise UserError(f"{prefix}{day.isoformat()} is before 1900: check the date")
    if (day - today).days > FUTURE_DAYS:
        raise _too_far(f"{prefix}{day.isoformat()}", today)
    return day


def _too_far(label: str, today: date) -> UserError:
    """The refusal of a day over ten years ahead, naming the last day accepted and an example."""
    latest = today + timedelta(days=FUTURE_DAYS)
    soon = today + timedelta(days=14)
    return UserError(
        f"{label} is more than ten years ahead: pick a day up to {latest.isoformat()}, "
        f"like +2w or {soon.isoformat()}"
    )


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


# --- the WHEN parser ------------------------------------------------------------------

WEEKDAYS = {
    name: index
    for index, names in enumerate((
        ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
        ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
        ("sunday", "sun"),
    ))
    for name in names
}
_OFFSET = re.compile(r"^([+-]?)\s*(\d{1,7})\s*(d|days?|w|wks?|weeks?|m|mos?|months?)$")
_ONE = {"day": "d", "week": "w", "month": "m"}  # "snooze … week": one of them
_CLOCK = re.compile(r"^(.*?)[\st]+(\d{1,2}):(\d{2})$")
NOON = time(12, 0)
MOMENT_EXAMPLES = "2026-10-01, 2026-10-01T09:30, yesterday, -3d, friday"
DAY_EXAMPLES = "2026-12-01, tomorrow, +3d, +2w, 1 month, friday"
"""Placeholders for a form's WHEN field (the forms' look); a message after a mistake gives
examples valid that day instead (`moment_examples`, `day_examples`)."""


def moment_examples(now: datetime) -> str:
    """Examples of WHEN for something that happened, each valid at `now` (a week ago's date)."""
    day = (local_time(now) - timedelta(days=7)).date()
    return f"{day.isoformat()}, {day.isoformat()}T09:30, yesterday, -3d, friday"


def day_examples(today: date) -> str:
    """Examples of WHEN for a day ahead, each valid for a snooze or a reminder made `today`."""
    return f"{(today + timedelta(days=7)).isoformat()}, tomorrow, +3d, +2w, 1 month, friday"


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the month's end (31 Jan → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not EARLIEST.year <= year <= LATEST_STORABLE.year:
        raise OverflowError("month offset out of range")
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _words(text: str) -> str:
    return " ".join(str(text).strip().lower().split())


def _offset_day(text: str, today: date, *, ahead: bool) -> date | None:
    """The day an offset (`+3d`, `-2w`, `1 month`, `week`) names, or None if it is not one.

    Raises OverflowError when it falls outside the years a date can hold here.
    """
    if text in _ONE:
        sign, count, unit = "", 1, _ONE[text]
    elif match := _OFFSET.match(text):
        sign, count, unit = match.group(1), int(match.group(2)), match.group(3)[0]
    else:
        return None
    forward = sign == "+" or (not sign and ahead)
    if unit == "m":
        return add_months(today, count if forward else -count)
    days = count * (7 if unit == "w" else 1)
    ordinal = today.toordinal() + (days if forward else -days)
    if not EARLIEST.toordinal() <= ordinal <= LATEST_STORABLE.toordinal():
        raise OverflowError("day offset out of range")
    return date.fromordinal(ordinal)


def _named_day(text: str, today: date, *, ahead: bool) -> date | None:
    """today / yesterday / tomorrow, a weekday, an offset or an ISO date; None if none of them."""
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text in WEEKDAYS:
        if ahead:  # the next one, after today
            return today + timedelta(days=(WEEKDAYS[text] - today.weekday() - 1) % 7 + 1)
        return today - timedelta(days=(today.weekday() - WEEKDAYS[text]) % 7)  # today included
    found = _offset_day(text, today, ahead=ahead)
    if found is not None:
        return found
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _unreadable(text: str, what: str | None, examples: str, field: str | None) -> UserError:
    shown = " ".join(str(text).split())
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    said = f"{shown!r} as {what}" if what else f"the date {shown!r}"
    return UserError(f"cannot read {said}: use {examples}", field=field)


def parse_moment(text: str, now: datetime, *, field: str | None = "at") -> datetime:
    """When something happened, as a timezone-aware moment (see the module's WHEN).

    A weekday is the last such day (today included), an unsigned offset counts back, a
    day without a time is noon local time (`today` and `now` are now, tomorrow — `tomorrow`,
    `+1d`, its date — this time tomorrow: the latest an interaction may be). Refuses, with
    `UserError` naming `field`, what it cannot read and what is before 1900 or more than
    a day ahead.
    """
    words = _words(text)
    try:
        moment = _moment(words, now) if words else None
        if moment is None:
            raise _unreadable(text, None, moment_examples(now), field)
        return check_interaction_time(moment, now)
    except OverflowError:  # an offset past the years a date holds
        shown = repr(text.strip())
        late = _after_lead(shown, now) if words.startswith("+") else _before_1900(shown)
        raise late.with_field(field) from None
    except UserError as exc:
        raise exc.with_field(field) from None


def _moment(words: str, now: datetime) -> datetime | None:
    """The moment `words` names (unchecked), None when they name none."""
    if words in ("now", "today"):
        return now
    today = now.date()
    day = _named_day(words, today, ahead=False)
    if day == today + timedelta(days=1):  # tomorrow, +1d: noon is over a day ahead all morning
        return now + INTERACTION_LEAD
    if day is not None:
        return _local(day, NOON, now)
    clock = _CLOCK.match(words)
    if clock:
        day = _named_day(clock.group(1), today, ahead=False)
        hour, minute = int(clock.group(2)), int(clock.group(3))
        if day is None or hour > 23 or minute > 59:
            return None
        return _local(day, time(hour, minute), now)
    try:
        moment = datetime.fromisoformat(words.upper().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return _local(moment.date(), moment.time(), now)
    return moment


def _local(day: date, clock: time, now: datetime) -> datetime:
    """`day` at `clock` in local time (the machine's zone, DST included).

    A day outside the bounds is refused before it is converted (that could overflow).
    """
    if day < EARLIEST:
        raise _before_1900(day.isoformat())
    if day > now.date() + 2 * INTERACTION_LEAD:
        raise _after_lead(day.isoformat(), now)
    return datetime.combine(day, clock).astimezone()


def parse_day(
    text: str, today: date, *, what: str = "a date", field: str | None = None
) -> date:
    """A day ahead — a snooze, a reminder — from what the user typed (see the module's WHEN).

    A weekday is the next such day after today, an unsigned offset counts forward, and
    `day`, `week`, `month` mean one of them. Refuses, with `UserError` naming `field`, what
    it cannot read, a zero offset, and days before 1900 or more than ten years ahead;
    whether a day in the past makes sense is the caller's to say.
    """
    words = _words(text)
    try:
        day = _named_day(words, today, ahead=True) if words else None
    except OverflowError:  # an offset past the years a date holds
        shown = repr(text.strip())
        if words.startswith("-"):
            raise _before_1900(shown).with_field(field) from None
        raise _too_far(shown, today).with_field(field) from None
    if day is None:
        raise _unreadable(text, what, day_examples(today), field)
    match = _OFFSET.match(words)
    if match and int(match.group(2)) == 0:
        raise UserError(
            f"{text.strip()!r} is no time at all: say at least one day (+1d, tomorrow)",
            field=field,
        )
    try:
        return check_future_day(day, today)
    except UserError as exc:
        raise exc.with_field(field) from None
