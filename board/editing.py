"""Turning what a user typed (a form, CLI options) into valid domain values.

Every function raises `UserError` whose `field` is the form key of the input it is about
(`name`, `emails`, `stage`, `cadence_days`, `at`), so a form can focus that input and show
the sentence beside it, and the CLI can print the sentence after `error:`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from board.dates import MAX_CADENCE, MIN_CADENCE, check_cadence, parse_moment
from board.errors import UserError
from board.links import check_link
from board.model import Contact, Stage, new_id
from board.model import now as model_now
from board.text import clean

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


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """The log form's "When": any WHEN of `board.dates.parse_moment` (field `at`).

    A weekday is the last such day, `-3d` three days ago, a date without a time noon;
    nothing before 1900 or more than a day ahead.
    """
    return parse_moment(text, now or model_now(), field="at")


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
    comma-separated), stage, needs, met_at, notes, cadence_days. Control and bidi
    characters are removed on the way in (`board.text.clean`); notes keep their lines.
    """
    moment = at or model_now()

    def text(key: str, *, multiline: bool = False) -> str:
        return clean(values.get(key, ""), multiline=multiline).strip()

    name = " ".join(text("name").split())
    if not name:
        raise UserError("a contact needs a name", field="name")
    emails = [check_email(e) for e in split_list(text("emails"))]
    try:
        stage = Stage.parse(text("stage") or (base.stage if base else "met"))
    except UserError as exc:
        raise exc.with_field("stage") from None
    cadence = parse_cadence(text("cadence_days"))
    fields: dict[str, Any] = dict(
        name=name,
        company=text("company"),
        title=text("title"),
        emails=emails,
        phones=split_list(text("phones")),
        urls=[check_link(url) for url in split_list(text("urls"))],
        stage=stage,
        tags=split_list(text("tags")),
        expertise=split_list(text("expertise")),
        needs=text("needs"),
        met_at=text("met_at"),
        notes=text("notes", multiline=True),
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
