"""Reminders: one dated next step per contact ("send him the launch checklist on Thursday").

On its day the contact is due with the reminder's text as the next step, whatever the
cadence (`board.triage`); logging an interaction with them on or after that day completes
it (the store does this in the same change as the log). A contact has at most one open
reminder: setting a new one replaces it, and every change is one undoable store change.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from board.dates import day_examples, parse_day
from board.errors import UserError
from board.model import Contact, Reminder
from board.text import clean, plural

if TYPE_CHECKING:
    from board.store import Change, Store

MAX_TEXT = 300  # one line of a next step, not a note


def reminder_for(when: str, text: str, today: date) -> Reminder:
    """A reminder from what the user typed: WHEN (`board.dates.parse_day`) and the step.

    UserError for an unreadable or past day, a day over ten years ahead, or no text.
    """
    if not str(when).strip():
        raise UserError(f"say when: {day_examples(today)}", field="date")
    day = parse_day(when, today, what="a reminder", field="date")
    if day < today:
        raise UserError(
            f"{day.isoformat()} is in the past: a reminder is for today or later", field="date"
        )
    step = " ".join(clean(text).split())
    if not step:
        raise UserError("say what to do: the next step, like 'send the launch checklist'", field="text")
    if len(step) > MAX_TEXT:
        raise UserError(f"a reminder is one next step: at most {MAX_TEXT} characters", field="text")
    return Reminder(day, step)


def set_reminder(store: Store, contact: Contact, reminder: Reminder | None) -> Change:
    """Give `contact` this reminder (replacing theirs), or clear it with None: one change."""
    label = (
        f"reminder for {contact.name} on {reminder.date.isoformat()}" if reminder
        else f"cleared the reminder for {contact.name}"
    )
    return store.update_contact(contact.copy(reminder=reminder), label, base=contact)


def describe(reminder: Reminder, today: date) -> str:
    """'today: send the checklist', 'Thu 26 Nov: …', 'Thu 26 Nov 2027: …' (in 2 days…)."""
    day = reminder.date
    if day == today:
        when = "today"
    elif (day - today).days == 1:
        when = "tomorrow"
    else:
        when = f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")
    late = (today - day).days
    suffix = f" ({plural(late, 'day')} ago)" if late > 0 else ""
    return f"{when}{suffix}: {reminder.text}"
