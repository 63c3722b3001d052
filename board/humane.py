"""Short human wording for times, shared by the CLI and the board.

Every time shown to a person is in local time: `moment_text` and `day_text` convert
through `board.clock.local_time` (a stored time keeps the offset it was logged with).
`--json` keeps the stored ISO form with its offset.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from board.clock import local_time
from board.text import ago

if TYPE_CHECKING:
    from board.model import Contact

__all__ = ["ago", "birthday_text", "contact_fields", "day_text", "moment_text"]


def moment_text(moment: datetime) -> str:
    """A moment for people, in local time: "2026-10-01 07:30"."""
    return f"{local_time(moment):%Y-%m-%d %H:%M}"


def day_text(moment: datetime) -> str:
    """The local day a moment falls on: "2026-10-01"."""
    return f"{local_time(moment):%Y-%m-%d}"


def birthday_text(birthday: str) -> str:
    """A stored birthday for people: "22 March 1980", or "15 April" when the year is unknown."""
    if not birthday:
        return ""
    try:
        day = date.fromisoformat("2000" + birthday[1:] if birthday.startswith("--") else birthday)
    except ValueError:
        return birthday
    return f"{day.day} {day:%B}" + ("" if birthday.startswith("--") else f" {day.year}")


def contact_fields(
    contact: Contact, now: datetime, *, related: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """A contact's fields as (label, text) for people to read, empty ones left out.

    Shared by `trustboard show` and the board's details, so both show the same things.
    `related` are rows that need other records (who introduced them, whom you introduced
    them to: `board.introductions.details`), shown after where you met.
    """
    from board.reminders import describe
    rows = [
        ("Stage", contact.stage.label),
        ("Nickname", contact.nickname),
        ("Title", contact.title),
        ("Company", contact.company),
        ("Emails", ", ".join(contact.emails)),
        ("Phones", ", ".join(contact.phones)),
        ("Birthday", birthday_text(contact.birthday)),
        ("URLs", ", ".join(contact.urls)),
        ("Tags", ", ".join(contact.tags)),
        ("Knows about", ", ".join(contact.expertise)),
        ("Needs", contact.needs),
        ("Met at", contact.met_at),
        *related,
        ("Source", contact.source),
        ("Follow up every", f"{contact.cadence_days} days" if contact.cadence_days else ""),
        ("Reminder", describe(contact.reminder, now.date()) if contact.reminder else ""),
        ("Snoozed until", f"{contact.snoozed_until:%a %b %d %Y}" if contact.snoozed_until else ""),
        ("Last contact", ago(contact.last_interaction_at, now)),
        ("Added", day_text(contact.created_at)),
        ("Notes", contact.notes),
    ]
    return [(label, value) for label, value in rows if value]
