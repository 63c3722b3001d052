"""The one WHEN parser (board.dates) against a table of inputs, on an injected clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from board.dates import EARLIEST, FUTURE_DAYS, add_months, parse_day, parse_moment
from board.editing import parse_when
from board.errors import UserError
from board.triage import snooze_until
from tests.helpers import local

# Wednesday 18 November 2026, 09:30 local time.
NOW = datetime(2026, 11, 18, 9, 30).astimezone()
TODAY = NOW.date()


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


MOMENTS = [
    # what was typed              when it happened
    ("now", NOW),
    ("today", NOW),
    ("Today", NOW),
    ("yesterday", local(d(11, 17))),
    ("tomorrow", NOW + timedelta(days=1)),  # noon would be 26.5 hours ahead: this time tomorrow
    ("+1d", NOW + timedelta(days=1)),
    ("2026-11-19", NOW + timedelta(days=1)),
    ("tomorrow 09:00", local(d(11, 19), 9, 0)),
    ("-1d", local(d(11, 17))),
    ("3d", local(d(11, 15))),  # no sign: it happened, so three days ago
    ("3 days", local(d(11, 15))),
    ("-2w", local(d(11, 4))),
    ("-1m", local(d(10, 18))),
    ("wednesday", NOW.replace(hour=12, minute=0)),  # the last Wednesday is today
    ("wed", local(d(11, 18))),
    ("tuesday", local(d(11, 17))),
    ("thursday", local(d(11, 12))),  # the last Thursday, a week minus a day ago
    ("Fri", local(d(11, 13))),
    ("sunday", local(d(11, 15))),
    ("2026-10-01", local(d(10, 1))),
    ("2026-10-01T09:30", local(d(10, 1), 9, 30)),
    ("2026-10-01 09:30", local(d(10, 1), 9, 30)),
    ("2026-10-01t09:30", local(d(10, 1), 9, 30)),
    ("2026-10-03T09:30:00+02:00", datetime(2026, 10, 3, 9, 30, tzinfo=timezone(timedelta(hours=2)))),
    ("2026-10-03T07:30Z", datetime(2026, 10, 3, 7, 30, tzinfo=UTC)),
    ("yesterday 15:30", local(d(11, 17), 15, 30)),
    ("friday 9:05", local(d(11, 13), 9, 5)),
    ("today 18:00", local(d(11, 18), 18, 0)),  # later today: within the day's lead
    ("1900-01-01T12:00Z", datetime(1900, 1, 1, 12, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "expected"), MOMENTS, ids=[m[0] for m in MOMENTS])
def test_moments(text: str, expected: datetime) -> None:
    assert parse_moment(text, NOW) == expected
    assert parse_moment(text, NOW).tzinfo is not None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("tomorrow 12:00", "2026-11-19 12:00 is more than a day ahead"),
        ("+2d", "more than a day ahead"),
        ("+99999d", "more than a day ahead"),
        ("+9999999d", "'+9999999d' is more than a day ahead"),
        ("9999-12-31", "9999-12-31 is more than a day ahead"),
        ("9999-12-31T23:59", "9999-12-31 is more than a day ahead"),
        ("9999-12-31T23:59-05:00", "more than a day ahead"),
        ("2027-01-01", "more than a day ahead"),
        ("1899-12-31", "1899-12-31 is before 1900"),
        ("0001-01-01T00:00+05:00", "0001-01-01 is before 1900"),
        ("-9999999d", "'-9999999d' is before 1900"),
        ("-9999m", "before 1900"),
        ("", "cannot read the date ''"),
        ("someday", "cannot read the date 'someday'"),
        ("next friday", "cannot read the date 'next friday'"),
        ("2026-13-45", "cannot read the date '2026-13-45'"),
        ("yesterday 25:00", "cannot read"),
        ("25:00", "cannot read"),
        ("x" * 500, "cannot read the date 'xxxxxxxx"),
    ],
)
def test_moments_refused(text: str, says: str) -> None:
    with pytest.raises(UserError) as raised:
        parse_moment(text, NOW)
    assert says in str(raised.value)
    assert raised.value.field == "at"
    assert len(str(raised.value)) < 200
    with pytest.raises(UserError):
        parse_when(text, NOW)  # the log form's When is the same parser


DAYS = [
    ("tomorrow", d(11, 19)),
    ("today", TODAY),
    ("yesterday", d(11, 17)),  # readable; whether the past makes sense is the caller's say
    ("+3d", d(11, 21)),
    ("3d", d(11, 21)),  # no sign: ahead
    ("10 days", d(11, 28)),
    ("+2w", d(12, 2)),
    ("1 week", d(11, 25)),
    ("week", d(11, 25)),
    ("day", d(11, 19)),
    ("1 month", d(12, 18)),
    ("month", d(12, 18)),
    ("+2m", d(1, 18, 2027)),
    ("-1d", d(11, 17)),
    ("wednesday", d(11, 25)),  # the next Wednesday: today is one, so a week away
    ("thursday", d(11, 19)),
    ("thu", d(11, 19)),
    ("tuesday", d(11, 24)),
    ("SUNDAY", d(11, 22)),
    ("2026-12-01", d(12, 1)),
    ("  2026-12-01  ", d(12, 1)),
    ("+3650d", TODAY + timedelta(days=FUTURE_DAYS)),
]


@pytest.mark.parametrize(("text", "expected"), DAYS, ids=[t for t, _ in DAYS])
def test_days(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("+3651d", "more than ten years ahead"),
        ("+99999d", "more than ten years ahead"),
        ("+9999999d", "'+9999999d' is more than ten years ahead"),
        ("+999999m", "more than ten years ahead"),
        ("2040-01-01", "2040-01-01 is more than ten years ahead: pick a day up to 2036-11-15"),
        ("9999-12-31", "more than ten years ahead"),
        ("1850-01-01", "1850-01-01 is before 1900"),
        ("-9999999d", "before 1900"),
        ("+0d", "at least one day"),
        ("0 weeks", "at least one day"),
        ("", "cannot read '' as a reminder"),
        ("next tuesday", "cannot read 'next tuesday' as a reminder"),
        ("2026-02-30", "cannot read"),
    ],
)
def test_days_refused(text: str, says: str) -> None:
    with pytest.raises(UserError) as raised:
        parse_day(text, TODAY, what="a reminder", field="reminder")
    assert says in str(raised.value)
    assert raised.value.field == "reminder"


def test_snooze_is_a_day_after_today() -> None:
    assert snooze_until("friday", TODAY) == d(11, 20)
    assert snooze_until("wednesday", TODAY) == d(11, 25)
    with pytest.raises(UserError, match="not after today"):
        snooze_until("today", TODAY)
    with pytest.raises(UserError, match="not after today"):
        snooze_until("-1d", TODAY)
    with pytest.raises(UserError, match="say until when"):
        snooze_until("  ", TODAY)


def test_month_arithmetic_clamps_and_bounds() -> None:
    assert add_months(d(1, 31, 2027), 1) == d(2, 28, 2027)
    assert add_months(d(3, 31), -1) == d(2, 28)
    with pytest.raises(OverflowError):
        add_months(TODAY, 12 * 9000)


@given(st.text(max_size=30), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)))
def test_anything_typed_gives_a_bounded_day_or_a_sentence(text: str, today: date) -> None:
    try:
        day = parse_day(text, today)
    except UserError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert EARLIEST <= day <= today + timedelta(days=FUTURE_DAYS)


@given(st.text(max_size=30) | st.from_regex(r"[+-]?\d{1,9}[dwm]", fullmatch=True))
def test_anything_typed_gives_a_bounded_moment_or_a_sentence(text: str) -> None:
    try:
        moment = parse_moment(text, NOW)
    except UserError as exc:
        assert str(exc) and exc.field == "at"
    else:
        assert datetime(1900, 1, 1, tzinfo=UTC) <= moment <= NOW + timedelta(days=1)
