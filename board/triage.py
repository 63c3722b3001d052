"""Daily triage: who is due for a follow-up, snoozing, and the stage a log suggests.

A contact is due when its last touch (last interaction, else creation, as a local date)
plus its cadence is on or before today, and it is neither archived nor snoozed. A snooze
hides a contact until its date; it does not restart the clock, only logging does — so a
contact that comes back from a snooze is as overdue as it really is.

The reconnect plan: people brought in by an import carry a `reconnect_on` day, a few per
day, so that years of connections never fall due at once. Until something is logged with
them after they joined, that day is their due date; from the first interaction on, their
stage's cadence applies like everyone else's (`reconnect_day`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from board.config import Config
from board.dates import DAY_EXAMPLES, parse_day
from board.dates import add_months as add_months  # where it lived before board.dates
from board.errors import UserError
from board.model import Contact, Kind, Stage
from board.model import local_date as model_local_date

SNOOZE_PRESETS = ("1 day", "1 week", "1 month")
"""The snooze choices offered everywhere, in the words `snooze_until` accepts."""



def local_date(moment: datetime) -> date:
    """The calendar day a moment falls on in local time (how the user sees the day)."""
    return model_local_date(moment)


def cadence_days(contact: Contact, config: Config) -> int:
    """Days between follow-ups: the contact's own override, else its stage's cadence."""
    return config.cadence_for(contact.stage, contact.cadence_days)


def reconnect_day(contact: Contact) -> date | None:
    """The day the reconnect plan makes this contact due, or None when it no longer decides.

    It decides while nothing has been logged with them since they joined (the invitation
    an import logs is from before: its time is the contact's creation time).
    """
    if contact.reconnect_on is None:
        return None
    last = contact.last_interaction_at
    if last is not None and last > contact.created_at:
        return None
    return contact.reconnect_on


def reconnect_waiting(contacts: Iterable[Contact], today: date) -> tuple[int, date | None]:
    """How many people the reconnect plan still holds back after today, and its last day."""
    waiting = 0
    last: date | None = None
    for contact in contacts:
        day = reconnect_day(contact)
        if day is not None and day > today and not contact.archived:
            waiting += 1
            last = day if last is None or day > last else last
    return waiting, last


def due_date(contact: Contact, config: Config) -> date:
    """The day the contact falls due: last touch (as a local date) plus its cadence, or the
    reconnect plan's day while that decides."""
    planned = reconnect_day(contact)
    if planned is not None:
        return planned
    return local_date(contact.last_touch) + timedelta(days=cadence_days(contact, config))


def is_snoozed(contact: Contact, today: date) -> bool:
    """Snoozed until the snooze date; on that date itself the contact is back."""
    return contact.snoozed_until is not None and today < contact.snoozed_until


def is_due(contact: Contact, config: Config, today: date) -> bool:
    """Due on or after its due date, unless archived or snoozed."""
    if contact.archived or is_snoozed(contact, today):
        return False
    return due_date(contact, config) <= today


@dataclass(frozen=True, slots=True)
class Due:
    """A contact in the triage queue and how long it has waited."""

    contact: Contact
    due_since: date
    days_overdue: int


def due_contacts(contacts: Iterable[Contact], config: Config, today: date) -> list[Due]:
    """The triage queue: due contacts, most overdue first.

    Ties go to the contact touched longest ago, then to the name, so the order is stable.
    """
    queue = []
    for contact in contacts:
        if is_due(contact, config, today):
            since = due_date(contact, config)
            queue.append(Due(contact, since, (today - since).days))
    queue.sort(key=lambda d: (-d.days_overdue, d.contact.last_touch, d.contact.name.lower()))
    return queue


def is_cold(contact: Contact, config: Config, today: date) -> bool:
    """Going cold: due and overdue by more than one full cadence (a whole cycle missed)."""
    if not is_due(contact, config, today):
        return False
    return (today - due_date(contact, config)).days > cadence_days(contact, config)


def next_due(
    contacts: Iterable[Contact], config: Config, today: date
) -> tuple[Contact, date] | None:
    """Who falls due next after today, and on which day (for an empty queue).

    A snoozed contact counts from the later of its due date and its snooze date.
    """
    best: tuple[date, str, Contact] | None = None
    for contact in contacts:
        if contact.archived or is_due(contact, config, today):
            continue
        when = due_date(contact, config)
        if contact.snoozed_until is not None:
            when = max(when, contact.snoozed_until)
        candidate = (when, contact.name.lower(), contact)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return (best[2], best[0]) if best else None


def overdue_text(days_overdue: int) -> str:
    """'due today', '1 day overdue', '12 days overdue'."""
    if days_overdue <= 0:
        return "due today"
    return f"{days_overdue} day{'s' if days_overdue != 1 else ''} overdue"


def snooze_until(choice: str, today: date) -> date:
    """The day a snooze ends, from "1 day", "1 week", "1 month", a date, "+3d", "friday"…

    Any WHEN of `board.dates.parse_day` (a weekday is the next one). Raises UserError for
    text it cannot read and for a day that is not after today.
    """
    if not str(choice).strip():
        raise UserError(f"say until when: {DAY_EXAMPLES}")
    until = parse_day(choice, today, what="a snooze")
    if until <= today:
        raise UserError(
            f"{until.isoformat()} is not after today ({today.isoformat()}): pick a later date"
        )
    return until


def stage_prompt(contact: Contact, kind: Kind | str) -> Stage | None:
    """The stage to offer after logging `kind` with the contact, if any.

    A call or meeting with someone you only met means you have talked; giving to someone
    in Met or Talked means you gave value. Trusted is never offered: only the user knows.
    """
    kind = Kind.parse(kind)
    if kind in (Kind.CALL, Kind.MEETING) and contact.stage == Stage.MET:
        return Stage.TALKED
    if kind == Kind.GAVE and contact.stage in (Stage.MET, Stage.TALKED):
        return Stage.GAVE_VALUE
    return None
