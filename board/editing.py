"""Turning what a user typed (a form, CLI options) into valid domain values.

Every function raises `UserError` whose `field` is the form key of the input it is about
(`name`, `emails`, `stage`, `cadence_days`, `at`), so a form can focus that input and show
the sentence beside it, and the CLI can print the sentence after `error:`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from board.dates import MAX_CADENCE, MIN_CADENCE, check_cadence
from board.errors import UserError
from board.model import Contact, Stage, new_id, now

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(address: str) -> str:
    address = address.strip()
    if not EMAIL.match(address):
        raise UserError(
            f"{address!r} does not look like an email address (name@example.com)", field="emails"
        )
    return address


def split_list(text: str) -> list[str]:
    """'a, b; c' → ['a', 'b', 'c'] (commas or semicolons, blanks dropped)."""
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def parse_when(text: str) -> datetime:
    """An ISO date (taken as noon, local time) or an ISO datetime."""
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(12, 0)).astimezone()
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UserError(
            f"cannot read the date {text!r}: use an ISO date like 2026-10-01 "
            "or a date and time like 2026-10-01T09:30",
            field="at",
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def parse_cadence(text: str) -> int | None:
    """Days between follow-ups as typed ("" for the stage's default), 1–3650."""
    value = text.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 6:
        shown = value if len(value) <= 12 else value[:11] + "…"
        raise UserError(
            f"follow up every how many days? Type a whole number from {MIN_CADENCE} to "
            f"{MAX_CADENCE}, not {shown!r}",
            field="cadence_days",
        )
    try:
        return check_cadence(int(value))
    except UserError as exc:
        raise exc.with_field("cadence_days") from None


def build_contact(
    values: Mapping[str, str], base: Contact | None = None, *, at: datetime | None = None
) -> Contact:
    """A contact from form text fields; `base` keeps the fields the form does not show.

    Keys: name, company, title, emails, phones, urls, tags, expertise (lists typed
    comma-separated), stage, needs, met_at, notes, cadence_days.
    """
    moment = at or now()
    name = values.get("name", "").strip()
    if not name:
        raise UserError("a contact needs a name", field="name")
    emails = [check_email(e) for e in split_list(values.get("emails", ""))]
    try:
        stage = Stage.parse(values.get("stage") or (base.stage if base else "met"))
    except UserError as exc:
        raise exc.with_field("stage") from None
    cadence = parse_cadence(values.get("cadence_days", ""))
    fields: dict[str, Any] = dict(
        name=name,
        company=values.get("company", "").strip(),
        title=values.get("title", "").strip(),
        emails=emails,
        phones=split_list(values.get("phones", "")),
        urls=split_list(values.get("urls", "")),
        stage=stage,
        tags=split_list(values.get("tags", "")),
        expertise=split_list(values.get("expertise", "")),
        needs=values.get("needs", "").strip(),
        met_at=values.get("met_at", "").strip(),
        notes=values.get("notes", "").strip(),
        cadence_days=cadence,
    )
    if base is not None:
        return base.copy(**fields)
    return Contact(id=new_id(), created_at=moment, updated_at=moment, stage_changed_at=moment, **fields)


def form_values(contact: Contact) -> dict[str, str]:
    """The text a form shows for a contact (the inverse of `build_contact`)."""
    return {
        "name": contact.name,
        "company": contact.company,
        "title": contact.title,
        "emails": ", ".join(contact.emails),
        "phones": ", ".join(contact.phones),
        "urls": ", ".join(contact.urls),
        "stage": contact.stage.value,
        "tags": ", ".join(contact.tags),
        "expertise": ", ".join(contact.expertise),
        "needs": contact.needs,
        "met_at": contact.met_at,
        "notes": contact.notes,
        "cadence_days": str(contact.cadence_days or ""),
    }
