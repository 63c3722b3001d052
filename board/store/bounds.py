"""The bounds of stored dates and cadences: refused on write, clamped (and reported) on read.

One out-of-range value (an interaction in the year 9999, a cadence of 2**63 days) would
overflow date arithmetic in triage and stats and make every command fail. The store
refuses such values on write, with the checks of `board.dates`; a value already stored
out of range (by an older version, an import or a hand edit) is read as the nearest
bound with `board.dates`'s `clamp_*`, and a note of it is kept for the session to show
once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from board.dates import (
    EARLIEST,
    EARLIEST_MOMENT,
    INTERACTION_LEAD,
    LATEST_STORABLE,
    MAX_CADENCE,
    MIN_CADENCE,
    check_cadence,
    check_created,
    check_interaction_time,
    clamp_cadence,
    clamp_day,
    clamp_moment,
)
from board.errors import UserError
from board.kinds import parse_birthday
from board.model import Contact, Interaction, Reminder


@dataclass(slots=True)
class Bounds:
    """The latest times a record may hold, as of one moment (see `board.dates`)."""

    now: datetime  # creation and stage times: not after this
    latest_interaction: datetime  # a day ahead
    year: int  # of `now`: a time in an earlier year (after 1900) is in range at a glance

    @classmethod
    def at(cls, clock: datetime) -> Bounds:
        # The later of the store's clock and the machine's: a test clock or another
        # machine's clock a little behind never makes today's records "in the future".
        real = datetime.now(UTC)
        now = clock if clock > real else real.astimezone(clock.tzinfo)
        return cls(now, now + INTERACTION_LEAD, now.year)


def _storable_day(day: date | None, field: str) -> None:
    if day is not None and not (EARLIEST <= day <= LATEST_STORABLE):
        raise UserError(
            f"{field} {day.isoformat()} is out of range: a date from {EARLIEST.isoformat()} "
            f"to {LATEST_STORABLE.isoformat()}", field=field,
        )


def check_contact(contact: Contact, bounds: Bounds) -> Contact:
    """A contact about to be stored, or UserError naming the field that cannot be stored."""
    reconnect = contact.reconnect_on
    if (  # at a glance, for the many records with nothing to look at (an import stores 30,000)
        not contact.birthday and contact.introduced_by is None and contact.cadence_days is None
        and EARLIEST_MOMENT <= contact.created_at <= bounds.now and contact.snoozed_until is None
        and (reconnect is None or EARLIEST <= reconnect <= LATEST_STORABLE) and contact.reminder is None
    ):
        return contact
    try:
        parse_birthday(contact.birthday)
    except ValueError as exc:
        raise UserError(str(exc), field="birthday") from None
    if contact.introduced_by is not None and contact.introduced_by == contact.id:
        raise UserError("a contact cannot introduce themselves", field="introduced_by")
    if contact.cadence_days is not None:
        try:
            check_cadence(contact.cadence_days)
        except UserError as exc:
            raise exc.with_field("cadence_days") from None
    try:
        check_created(contact.created_at, bounds.now)
    except UserError as exc:
        raise exc.with_field("created_at") from None
    _storable_day(contact.snoozed_until, "snoozed_until")
    _storable_day(contact.reconnect_on, "reconnect_on")
    _storable_day(contact.reminder.date if contact.reminder else None, "reminder")
    return contact


def check_interaction(interaction: Interaction, bounds: Bounds) -> Interaction:
    """An interaction about to be stored, or UserError (its time: 1900 to a day ahead)."""
    if EARLIEST_MOMENT <= interaction.at <= bounds.latest_interaction:
        return interaction  # at a glance, for the 100,000s an import stores
    try:
        check_interaction_time(interaction.at, bounds.now)
    except UserError as exc:
        raise exc.with_field("at") from None
    return interaction


def clamp_contact(contact: Contact, bounds: Bounds, notes: list[str]) -> Contact:
    """A contact read with every out-of-range value at its nearest bound (each one noted)."""
    now, year = bounds.now, bounds.year
    cadence, last, snoozed = contact.cadence_days, contact.last_interaction_at, contact.snoozed_until
    if (  # at a glance, for the many records with nothing near a bound (this is per contact)
        1900 < contact.created_at.year < year and 1900 < contact.stage_changed_at.year < year
        and (cadence is None or MIN_CADENCE <= cadence <= MAX_CADENCE)
        and (last is None or 1900 < last.year < year)
        and (snoozed is None or 1900 < snoozed.year < 9999)
        and (contact.reconnect_on is None or 1900 < contact.reconnect_on.year < 9999)
        and contact.reminder is None
    ):
        return contact
    if not (
        (cadence is not None and not MIN_CADENCE <= cadence <= MAX_CADENCE)
        or not EARLIEST_MOMENT <= contact.created_at <= now
        or not EARLIEST_MOMENT <= contact.stage_changed_at <= now
        or (last is not None and not EARLIEST_MOMENT <= last <= bounds.latest_interaction)
        or (snoozed is not None and not EARLIEST <= snoozed <= LATEST_STORABLE)
        or (contact.reconnect_on is not None and not EARLIEST <= contact.reconnect_on <= LATEST_STORABLE)
        or (contact.reminder is not None and not EARLIEST <= contact.reminder.date <= LATEST_STORABLE)
    ):
        return contact
    fixed: dict[str, Any] = {}
    if cadence is not None:
        fixed["cadence_days"] = clamp_cadence(cadence)
    fixed["created_at"] = clamp_moment(contact.created_at, now)
    fixed["stage_changed_at"] = clamp_moment(contact.stage_changed_at, now)
    if last is not None:
        fixed["last_interaction_at"] = clamp_moment(last, bounds.latest_interaction)
    for name in ("snoozed_until", "reconnect_on"):
        day = getattr(contact, name)
        if day is not None:
            fixed[name] = clamp_day(day)
    if contact.reminder is not None:
        fixed["reminder"] = Reminder(clamp_day(contact.reminder.date), contact.reminder.text)
    for name, value in fixed.items():
        old = getattr(contact, name)
        if value != old:
            shown = old.date if isinstance(old, Reminder) else old
            new = value.date if isinstance(value, Reminder) else value
            notes.append(
                f"contact {contact.name} ({contact.id[:8]}): {name} {_shown(shown)} is out of "
                f"range, read as {_shown(new)} (edit the contact to store a real value)"
            )
    return contact.copy(**fixed)


def clamp_interaction(interaction: Interaction, bounds: Bounds, notes: list[str]) -> Interaction:
    """An interaction read with its time within 1900 … a day ahead (noted if it was not)."""
    at = interaction.at
    if 1900 < at.year < bounds.year or EARLIEST_MOMENT <= at <= bounds.latest_interaction:
        return interaction
    fixed = clamp_moment(at, bounds.latest_interaction)
    notes.append(
        f"interaction {interaction.id[:8]}: its time {_shown(at)} is out of range, "
        f"read as {_shown(fixed)}"
    )
    return replace(interaction, at=fixed)


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


