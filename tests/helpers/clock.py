"""Time for tests: the one settable clock and the fixed moments the suites are written against.

Every store a test builds reads the time from an injected clock (`Store(root, clock=...)`),
never from the machine, so "today", "3 days ago" and "due" mean the same on every run.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

# A Thursday morning, local time: the board, the CLI, outreach and sync tests all stand here.
FIXED_NOW = datetime(2026, 11, 19, 9, 30).astimezone()

# The day of the triage network (`build_network`), whose table of dates is written against it.
TODAY = date(2026, 11, 22)


class Clock:
    """A clock that stands still until a test moves it; pass it as `Store(root, clock=...)`."""

    def __init__(self, start: datetime = FIXED_NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move on by `timedelta(**delta)` (days=, hours=, minutes=, seconds=); the new time."""
        self.now += timedelta(**delta)
        return self.now


def local(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A timezone-aware local moment on `day` (the triage rules work in local days)."""
    return datetime.combine(day, time(hour, minute)).astimezone()


def days_ago(n: int) -> date:
    """The day `n` days before TODAY."""
    return TODAY - timedelta(days=n)
