"""Daily triage: who is due for a follow-up, snoozing, and the stage a log suggests.

A contact is due when its last touch (last interaction, else creation, as a local date)
plus its cadence is on or before today, and it is neither archived nor snoozed. A snooze
hides a contact until its date; it does not restart the clock, only logging does — so a
contact that comes back from a snooze is as overdue as it really is.

The method adds three reasons, each a `DueFor` (`board.standing` reads the first and
the quiet exception from a person's history; callers pass them in as `standings`):

- **thanks**: they gave you something you have not answered yet: due at once, at the
  top of the queue, whatever the cadence;
- **reminder**: a dated next step (`Contact.reminder`) whose day has come: due that day,
  whatever the cadence, second in the queue;
- **follow-up**: the cadence — except for someone *quiet* (a request you answered that
  never replied): Today stops chasing them.

Archived and snoozed people are due for nothing.

The reconnect plan: people brought in by an import carry a `reconnect_on` day, a few per
day, so that years of connections never fall due at once. Until something is logged with
them after they joined, that day is their cadence's due date; from the first interaction
on, their stage's cadence applies like everyone else's (`reconnect_day`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from board.config import Config
from board.dates import add_months as add_months  # where it lived before board.dates
from board.dates import day_examples, parse_day
from board.errors import UserError
from board.model import Contact, Kind, Reminder, Stage
from board.model import local_date as model_local_date
from board.standing import NOTHING, Standing
from board.text import plural

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


def reminder_due(contact: Contact, today: date) -> Reminder | None:
    """The contact's reminder, if its day has come."""
    reminder = contact.reminder
    return reminder if reminder is not None and reminder.date <= today else None


class DueFor(StrEnum):
    """Why someone is in the queue, in queue order."""

    THANKS = "thanks"
    REMINDER = "reminder"
    FOLLOW_UP = "follow-up"


_QUEUE_ORDER = {reason: rank for rank, reason in enumerate(DueFor)}


@dataclass(frozen=True, slots=True)
class Due:
    """A contact in the triage queue, why, and how long it has waited."""

    contact: Contact
    due_since: date
    days_overdue: int
    due_for: DueFor = DueFor.FOLLOW_UP
    standing: Standing = NOTHING
    reminder: Reminder | None = None  # the reminder whose day has come, if any

    @property
    def owed_thanks(self) -> bool:
        return self.standing.owed_thanks is not None


def due_entry(
    contact: Contact,
    config: Config,
    today: date,
    standing: Standing = NOTHING,
    *,
    due_on: date | None = None,
) -> Due | None:
    """The contact's place in today's queue, or None when it is not due (module rules).

    `due_on` is `due_date(contact, config)` when the caller has worked it out already.
    """
    if contact.archived or is_snoozed(contact, today):
        return None
    reminder = reminder_due(contact, today)
    cadence_since = due_on if due_on is not None else due_date(contact, config)
    follow_up = cadence_since <= today and not standing.quiet
    if standing.owed_thanks is not None:
        since = local_date(standing.owed_thanks.at)
        reason = DueFor.THANKS
    elif reminder is not None:
        since = min(reminder.date, cadence_since) if follow_up else reminder.date
        reason = DueFor.REMINDER
    elif follow_up:
        since, reason = cadence_since, DueFor.FOLLOW_UP
    else:
        return None
    return Due(contact, since, max(0, (today - since).days), reason, standing, reminder)


def queue_order(item: Due) -> tuple[int, int, datetime, str, str]:
    """The queue's order: by reason, the one waiting longest first, then the contact
    touched longest ago, then by name (and id: the order never depends on file order)."""
    contact = item.contact
    return (_QUEUE_ORDER[item.due_for], -item.days_overdue, contact.last_touch,
            contact.name.lower(), contact.id)


def is_due(
    contact: Contact, config: Config, today: date, standing: Standing = NOTHING
) -> bool:
    """Due for thanks, a reminder or a follow-up (see `due_entry`)."""
    return due_entry(contact, config, today, standing) is not None


def due_contacts(
    contacts: Iterable[Contact],
    config: Config,
    today: date,
    standings: Mapping[str, Standing] | None = None,
) -> list[Due]:
    """The triage queue: owed thanks first, then reminders due, then the most overdue.

    `standings` (from `board.standing.standings`) say who is owed thanks or quiet;
    without them only reminders and cadences count. Within each reason the one waiting
    longest comes first; ties go to the contact touched longest ago, then to the name,
    so the order is stable.
    """
    known = standings or {}
    queue = []
    for contact in contacts:
        item = due_entry(contact, config, today, known.get(contact.id, NOTHING))
        if item is not None:
            queue.append(item)
    queue.sort(key=queue_order)
    return queue


def is_cold(contact: Contact, config: Config, today: date) -> bool:
    """Going cold: due and overdue by more than one full cadence (a whole cycle missed)."""
    if contact.archived or is_snoozed(contact, today):
        return False
    return (today - due_date(contact, config)).days > cadence_days(contact, config)


def next_due(
    contacts: Iterable[Contact],
    config: Config,
    today: date,
    standings: Mapping[str, Standing] | None = None,
) -> tuple[Contact, date] | None:
    """Who falls due next after today, and on which day (for an empty queue).

    The earlier of the cadence's day and a reminder's; a snoozed contact counts from the
    later of that and its snooze date. Quiet people are left out (nobody chases them).
    """
    known = standings or {}
    best: tuple[date, str, Contact] | None = None
    for contact in contacts:
        standing = known.get(contact.id, NOTHING)
        if contact.archived or is_due(contact, config, today, standing):
            continue
        days = [] if standing.quiet else [due_date(contact, config)]
        if contact.reminder is not None:
            days.append(contact.reminder.date)
        if not days:
            continue
        when = min(days)
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
    return f"{plural(days_overdue, 'day')} overdue"


def snooze_until(choice: str, today: date) -> date:
    """The day a snooze ends, from "1 day", "1 week", "1 month", a date, "+3d", "friday"…

    Any WHEN of `board.dates.parse_day` (a weekday is the next one). Raises UserError for
    text it cannot read and for a day that is not after today.
    """
    if not str(choice).strip():
        raise UserError(f"say until when: {day_examples(today)}")
    until = parse_day(choice, today, what="a snooze")
    if until <= today:
        raise UserError(
            f"{until.isoformat()} is not after today ({today.isoformat()}): pick a later "
            f"date, like tomorrow or {(today + timedelta(days=7)).isoformat()}"
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
