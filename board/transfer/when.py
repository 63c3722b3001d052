"""Dates as contact files write them, read into trustboard's bounds.

LinkedIn writes `24 Aug 2023` (and `1/8/18, 6:14 PM` in older exports; Excel turns it
into `6-Feb-26`), Outlook `4/15/1971` and `0/0/00` for none, vCard `19800322`, `--0415` or
Apple's year 1604 for "year unknown". A creation date is kept within 1900 … the import.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from board.dates import EARLIEST, EARLIEST_MOMENT
from board.errors import ImportFileError
from board.model import from_iso
from board.transfer.common import Notice, clean

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]{3,})\.?[\s-]+(\d{4}|\d{2})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})$")


def parse_day(text: str) -> date:
    """`24 Aug 2023` (LinkedIn), `Aug 24, 2023` or an ISO date; ValueError otherwise."""
    value = clean(text)
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        day, month, year = match.groups()
    else:
        match = _MONTH_DAY_YEAR.match(value)
        if not match:
            if len(value) != 10:
                raise ValueError(value)
            return date.fromisoformat(value)
        month, day, year = match.groups()
    number = _MONTHS.get(month[:3].casefold())
    if number is None:
        raise ValueError(month)
    # Excel saves LinkedIn's "6 Feb 2026" as "6-Feb-26": LinkedIn's years are all 20xx.
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    return date(full_year, number, int(day))


def at_noon(day: date) -> datetime:
    # Noon, like `--at DATE`: the calendar day survives a move between time zones.
    return datetime.combine(day, time(12, 0)).astimezone()


def parse_moment(text: str) -> datetime:
    """A date or date and time in the forms these exports use; ValueError otherwise."""
    value = clean(text)
    try:
        return at_noon(parse_day(value))
    except ValueError:
        pass
    moment = parse_sent_at(value)
    if moment is not None:
        return moment
    iso = re.sub(r"\s*(UTC|GMT|Z)$", "+00:00", value)
    parsed = from_iso(iso)
    if parsed is None:
        raise ValueError(text)
    return parsed


_SENT_AT = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?$"
    r"|^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$"
)


def parse_sent_at(value: str) -> datetime | None:
    """LinkedIn's `11/2/26, 6:45 PM` (month/day/year, local time), or None."""
    match = _SENT_AT.match(value)
    if not match:
        return None
    groups: tuple[str | None, ...] = match.groups()
    picked = groups[:7] if groups[0] is not None else (*groups[7:], None)
    month, day, year, hour, minute = (str(g) for g in picked[:5])  # always matched
    second, half = picked[5], picked[6]
    year_n = int(year) + (2000 if len(year) == 2 else 0)
    month_n, day_n, hour_n = int(month), int(day), int(hour)
    if month_n > 12 >= day_n:  # day/month order: unambiguous only when the day is > 12
        month_n, day_n = day_n, month_n
    if half:
        if not 1 <= hour_n <= 12:
            raise ValueError(value)
        hour_n = hour_n % 12 + (12 if half.lower() == "p" else 0)
    return datetime(year_n, month_n, day_n, hour_n, int(minute), int(second or 0)).astimezone()


def date_error(path: str, line: int, column: str, value: str, example: str) -> ImportFileError:
    return ImportFileError(path, line, f"cannot read the date {value!r} in {column} (expected like {example})")


def in_bounds(moment: datetime, now: datetime) -> bool:
    """Whether `bounded_created` takes a creation time as it is."""
    return EARLIEST_MOMENT <= moment <= now


def bounded_created(
    moment: datetime, now: datetime, line: int | None, notices: list[Notice], what: str
) -> datetime:
    """A creation time read from a file, kept within 1900 … now (a notice says when moved)."""
    if in_bounds(moment, now):
        return moment
    if moment > now:
        notices.append(Notice(line, f"{what} in the future, read as the day of the import"))
        return now
    if moment < EARLIEST_MOMENT:
        notices.append(Notice(line, f"{what} before 1900, read as 1900-01-01"))
        return at_noon(EARLIEST)
    return moment


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def parse_birthday_cell(value: str) -> str | None:
    """A birthday cell: `1988-11-02`, `--07-14`, `4/15/1971` (Outlook), `0/0/00` (none) → stored form."""
    value = value.strip()
    if not value:
        return None
    match = _US_DATE.match(value)
    if match:
        month, day, year = (int(g) for g in match.groups())
        if month == 0 or day == 0:
            return None
        value = f"{year + (1900 if year >= 30 else 2000) if year < 100 else year:04d}-{month:02d}-{day:02d}"
    return parse_birthday(value)




_BDAY = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?$")
NO_YEAR = 1604  # Apple's (and CardBook's) "year not known"


def parse_birthday(value: str, omit_year: str = "") -> str | None:
    """`1980-03-22`, `19800322`, `--0415`, `--04-15`, `1604-04-15` (no year): as stored, or None."""
    match = _BDAY.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    no_year = year == "--" or int(year) == NO_YEAR or omit_year == year
    try:
        date(2000 if no_year else int(year), int(month), int(day))  # 2000: 29 Feb is a day
    except ValueError:
        return None
    if no_year:
        return f"--{month}-{day}"
    if not 1800 <= int(year) <= date.today().year:
        return None
    return f"{year}-{month}-{day}"


