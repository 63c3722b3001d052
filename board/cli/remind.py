"""`trustboard remind CONTACT WHEN TEXT` / `remind CONTACT --clear`: a dated next step."""

from __future__ import annotations

import click

from board.cli.base import clear_marker, cli, session
from board.cli.output import say


@cli.command()
@click.argument("contact")
@click.argument("when", required=False)
@click.argument("text", nargs=-1)
@click.option("--clear", is_flag=True, help="Remove CONTACT's reminder.")
def remind(contact: str, when: str | None, text: tuple[str, ...], clear: bool) -> None:
    """Remind you to do TEXT with CONTACT on WHEN: a date, tomorrow, +3d, +2w, friday
    (the next one), at most ten years ahead.

    \b
    trustboard remind dana thursday send her the launch checklist
    trustboard remind dana --clear

    On that day they are due in Today with TEXT as the next step, whatever their
    cadence; logging anything with them on or after that day completes it. One reminder
    per contact: a new one replaces the old.
    """
    from board.reminders import describe, reminder_for, set_reminder

    if clear and (when or text):
        raise click.UsageError("--clear takes only CONTACT: trustboard remind CONTACT --clear")
    if not clear and not (when and text):
        raise click.UsageError("give WHEN and TEXT (trustboard remind dana friday send the checklist) or --clear")
    store = session().store()
    person = store.find(contact)
    today = store.clock().date()
    if clear:
        was = describe(person.reminder, today) if person.reminder else None
        clear_marker(
            was, lambda: set_reminder(store, person, None),
            f"{person.name} has no reminder.", f"Cleared the reminder for {person.name} (was {was}).",
        )
        return
    assert when is not None
    reminder = reminder_for(when, " ".join(text), today)
    old = person.reminder
    set_reminder(store, person, reminder)
    replaced = f" It replaces {describe(old, today)}." if old and old != reminder else ""
    say(f"Reminder for {person.name}, {describe(reminder, today)}.{replaced}")
