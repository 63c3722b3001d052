"""The contact options `add` and `edit` share, declared once.

`add` takes each option as the value to store (`--tag` repeatable); `edit` takes the same
options as replacements of a field (`--company ""` empties it, `--tag x --tag y` replaces
the tags) and, for each list, `--add-…` / `--remove-…` to change one item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

import click

from board.cli.base import MULTILINE, TEXT, short_id
from board.editing import check_email, parse_cadence
from board.errors import AmbiguousContact, UserError
from board.links import check_link
from board.model import Contact
from board.store import Store


@dataclass(frozen=True)
class Field:
    option: str  # the singular option name: --email, --met-at
    field: str  # the Contact attribute and the command's parameter: emails, met_at
    help: str
    multiline: bool = False


TEXTS = (
    Field("company", "company", "Where they work."),
    Field("title", "title", "Their role."),
    Field("needs", "needs", "What they are trying to achieve."),
    Field("met-at", "met_at", 'Where or how you met ("BNI breakfast").'),
    Field("note", "notes", "Notes (newlines kept).", multiline=True),
)
LISTS = (
    Field("email", "emails", "an email address"),
    Field("phone", "phones", "a phone number"),
    Field("url", "urls", "a profile or site URL"),
    Field("tag", "tags", "a tag"),
    Field("expertise", "expertise", "something they know well"),
)
LABELS = {
    "name": "name", "company": "company", "title": "title", "needs": "needs",
    "met_at": "met at", "notes": "notes", "emails": "emails", "phones": "phones",
    "urls": "URLs", "tags": "tags", "expertise": "knows about", "stage": "stage",
    "cadence_days": "follow-up cadence", "introduced_by": "introduced by",
}

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _apply(options: list[Decorator]) -> Decorator:
    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def add_options() -> Decorator:
    """The options of `trustboard add` (NAME is its argument)."""
    options: list[Decorator] = []
    for spec in TEXTS:
        options.append(click.option(
            f"--{spec.option}", spec.field, default="", type=MULTILINE if spec.multiline else TEXT,
            help=spec.help,
        ))
    for spec in LISTS:
        options.append(click.option(
            f"--{spec.option}", spec.field, multiple=True, type=TEXT,
            help=f"{spec.help.capitalize()} (repeatable).",
        ))
    options.append(click.option("--stage", default="met", help="met, talked, gave-value or trusted."))
    options.append(click.option(
        "--cadence", default="", metavar="DAYS",
        help="Follow up every DAYS days (1–3650; default: the stage's cadence).",
    ))
    options.append(click.option(
        "--introduced-by", "introduced_by", default=None, metavar="CONTACT",
        help="Who introduced them to you (a contact on the board).",
    ))
    return _apply(options)


def edit_options() -> Decorator:
    """The options of `trustboard edit`: those of add as replacements, plus list edits."""
    options: list[Decorator] = [
        click.option("--name", default=None, help="Their name."),
    ]
    for spec in TEXTS:
        options.append(click.option(
            f"--{spec.option}", spec.field, default=None,
            type=MULTILINE if spec.multiline else TEXT, help=f"{spec.help} Replaces it.",
        ))
    for spec in LISTS:
        options.append(click.option(
            f"--{spec.option}", spec.field, multiple=True, type=TEXT,
            help=f"Replace them all with {spec.help} (repeatable; \"\" for none).",
        ))
        options.append(click.option(
            f"--add-{spec.option}", f"add_{spec.field}", multiple=True, type=TEXT,
            help=f"Add {spec.help} (repeatable).",
        ))
        options.append(click.option(
            f"--remove-{spec.option}", f"remove_{spec.field}", multiple=True, type=TEXT,
            help=f"Remove {spec.help} (repeatable).",
        ))
    options.append(click.option("--stage", default=None, help="met, talked, gave-value or trusted."))
    options.append(click.option(
        "--cadence", default=None, metavar="DAYS|default",
        help="Follow up every DAYS days (1–3650), or `default` for the stage's cadence.",
    ))
    options.append(click.option(
        "--introduced-by", "introduced_by", default=None, metavar="CONTACT",
        help='Who introduced them to you (a contact; "" for nobody).',
    ))
    return _apply(options)


def items(spec: Field, values: Iterable[str], *, checked: bool = True) -> list[str]:
    """A list option's values, trimmed, blanks dropped, emails and URLs checked (unless
    not `checked`: a value to remove may be one stored before the check)."""
    found = [" ".join(v.split()) for v in values]
    found = [v for v in found if v]
    if not checked:
        return found
    if spec.field == "emails":
        found = [check_email(v) for v in found]
    if spec.field == "urls":
        found = [check_link(v) for v in found]
    return found


def cadence(text: str | None) -> int | None:
    """`--cadence`: a number of days, or `default` / "" for the stage's cadence."""
    if text is None or text.strip().lower() in ("", "default", "none"):
        return None
    return parse_cadence(text)


def edited_list(spec: Field, current: list[str], replace: tuple[str, ...],
                add: tuple[str, ...], remove: tuple[str, ...], who: str) -> list[str]:
    """A list field after `--x` (replace), `--add-x` and `--remove-x` (case-insensitive)."""
    result = items(spec, replace) if replace else list(current)
    for value in items(spec, add):
        if value.lower() not in (v.lower() for v in result):
            result.append(value)
    for value in items(spec, remove, checked=False):
        kept = [v for v in result if v.lower() != value.lower()]
        if len(kept) == len(result):
            shown = ", ".join(result) or "none"
            raise UserError(
                f"{who} has no {spec.option} {value!r} to remove (their {LABELS[spec.field]}: "
                f"{shown})",
                field=spec.field,
            )
        result = kept
    return result


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def namesakes(store: Store, name: str, company: str, *, besides: str = "") -> list[Contact]:
    """Contacts other than `besides` with this name and company (case and spaces aside).

    Found through the store's name index (`find`), not by reading every contact.
    """
    found: list[Contact]
    try:
        found = [store.find(name)]
    except AmbiguousContact as many:
        found = cast("list[Contact]", many.candidates)  # the store names contacts
    except UserError:  # nobody by that name
        return []
    return [
        c for c in found
        if c.id != besides and _fold(c.name) == _fold(name) and _fold(c.company) == _fold(company)
    ]


def twin_warning(contact: Contact, twins: list[Contact]) -> str:
    """The warning that someone of the same name and company was already there."""
    at = f" at {contact.company}" if contact.company else ""
    ids = ", ".join(short_id(t.id) for t in twins[:5])
    return (
        f"{contact.name}{at} was already on the board ({ids}); if this one is a duplicate, "
        f"`trustboard archive {short_id(contact.id)}` puts it away"
    )


def introducer(store: Store, query: str | None, person_id: str = "") -> str | None:
    """`--introduced-by CONTACT`: the id of that contact ("" or None: nobody)."""
    if query is None or not query.strip():
        return None
    found = store.find(query)
    if found.id == person_id:
        raise UserError(f"{found.name} cannot have introduced themselves", field="introduced_by")
    return found.id
