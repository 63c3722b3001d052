"""Introductions: one gift given to two people at once.

An introduction is written to both people (double opt-in: you asked each of them first,
and both said yes), names both and says why they should talk. Logged, it is a
`gave`/`introduction` on each of the two, each summary naming the other, the two
linked by `linked_to`, in one store transaction — one undo step — and givers' gain
counts the pair once (`board.stats`).

**Someone new to you.** When one of the two is new — added within the last day, with
nothing logged before the introduction — and nobody is recorded as having introduced
them yet, their `introduced_by` becomes the other person: your relationship with them
runs through the one you introduced them to. When both are new, neither is set: there
is nobody to attribute.

The message is the built-in template `introduce` (the user may override it in
config.toml like any other); the person with the need is addressed first, and the
other's expertise that meets it is the reason they should talk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from board.errors import UserError
from board.model import Contact, Interaction, Kind, Value, local_date, new_id

if TYPE_CHECKING:
    from board.config import Config
    from board.outreach import Template
    from board.store import Change, Store

TEMPLATE = "introduce"
NEW_WITHIN = timedelta(days=1)
SUMMARY_PREFIX = "introduced to "


@dataclass(frozen=True, slots=True)
class Introduction:
    """The pair, in the order the message addresses them, and why they should talk."""

    first: Contact  # the one with the need (addressed first)
    second: Contact  # the one who can help
    why: str  # the expertise of `second` that meets the need of `first` ("" if none)
    text: str


def summary_for(other: Contact, why: str = "") -> str:
    """The summary logged on one side, naming the other: 'introduced to Rosa Delgado (estate law)'."""
    return f"{SUMMARY_PREFIX}{other.name}" + (f" ({why})" if why else "")


def introduced(summary: str) -> str:
    """Whom an introduction summary names: the summary without its 'introduced to '."""
    if summary.lower().startswith(SUMMARY_PREFIX):
        return summary[len(SUMMARY_PREFIX):]
    return summary


def _order(a: Contact, b: Contact, topic: str) -> tuple[Contact, Contact, str]:
    """Who has the need the other knows about; the topic (if given) is the first's need."""
    from board.outreach import Network

    if topic:
        match = Network([b]).experts_for(topic)
        return a.copy(needs=topic), b, match[0].expertise if match else ""
    for first, second in ((a, b), (b, a)):
        if first.needs:
            match = Network([second]).experts_for(first.needs)
            if match:
                return first, second, match[0].expertise
    return a, b, ""


def introduction(
    a: Contact,
    b: Contact,
    *,
    templates: Sequence[Template],
    my_name: str = "",
    topic: str = "",
    now: datetime | None = None,
) -> Introduction:
    """The introduction message for `a` and `b` (UserError if it cannot be written)."""
    from board.outreach import placeholder_values
    from board.outreach.phrases import first_name_of, phrase

    if a.id == b.id:
        raise UserError(f"introduce {a.name} to someone else: an introduction takes two people")
    template = next((t for t in templates if t.name == TEMPLATE), None)
    if template is None:
        raise UserError(f"there is no {TEMPLATE!r} template: check [[templates]] in config.toml")
    first, second, why = _order(a, b, topic)
    values = placeholder_values(first, [], [], my_name=my_name, now=now)
    values.update(
        intro_name=phrase(second.name),
        intro_first_name=first_name_of(second.name),
        intro_company=phrase(second.company),
        intro_expertise=phrase(why),
    )
    text = template.render(values)
    if text is None:
        raise UserError(
            f"the {TEMPLATE!r} template needs a value {first.name} or {second.name} lacks: "
            "check it in config.toml"
        )
    return Introduction(first, second, why, text)


def is_new(contact: Contact, history: Sequence[Interaction], at: datetime) -> bool:
    """New to you: added within the last day before `at`, and nothing logged before it."""
    return at - contact.created_at <= NEW_WITHIN and not any(i.at <= at for i in history)


def log_introduction(
    store: Store, a: Contact, b: Contact, *, why: str = "", at: datetime | None = None
) -> Change:
    """Log the introduction on both people in one transaction (one undo step).

    Sets `introduced_by` on one of them if they are new (see the module), and completes
    a reminder whose day has come, as any log does. The change carries `a` as saved and
    `a`'s interaction.
    """
    from board.store import Change
    from board.store.changes import completes_reminder

    if a.id == b.id:
        raise UserError(f"introduce {a.name} to someone else: an introduction takes two people")
    moment = at or store.clock()
    label = f"introduced {a.name} and {b.name}"
    first_id, second_id = new_id(), new_id()
    with store.transaction(label) as txn:
        one, two = txn.require(a.id), txn.require(b.id)
        fresh = {
            person.id: is_new(person, txn.interactions(person.id), moment) for person in (one, two)
        }
        logged = (
            Interaction(first_id, one.id, moment, Kind.GAVE, summary_for(two, why),
                        Value.INTRODUCTION, linked_to=second_id),
            Interaction(second_id, two.id, moment, Kind.GAVE, summary_for(one, why),
                        Value.INTRODUCTION, linked_to=first_id),
        )
        for interaction in logged:
            txn.put_interaction(interaction)
        for person, other, interaction in ((one, two, logged[0]), (two, one, logged[1])):
            saved = txn.require(person.id)
            after = completes_reminder(saved, interaction) or saved
            if fresh[person.id] and not fresh[other.id] and after.introduced_by is None:
                after = after.copy(introduced_by=other.id)
            if after != saved:
                txn.put_contact(after)
    change = txn.change or Change(label)
    change.contact, change.interaction = store.get(a.id), logged[0]
    return change


def introductions_of(history: Sequence[Interaction]) -> list[Interaction]:
    """The introductions you made for this person (gave/introduction), oldest first."""
    return [i for i in history if i.kind == Kind.GAVE and i.value == Value.INTRODUCTION]


def details(store: Store, contact: Contact, history: Sequence[Interaction]) -> list[tuple[str, str]]:
    """The "Introduced by" and "Introduced" rows of a contact's details (empty ones left out)."""
    rows: list[tuple[str, str]] = []
    if contact.introduced_by:
        try:
            rows.append(("Introduced by", store.get(contact.introduced_by).name))
        except UserError:
            rows.append(("Introduced by", f"a removed contact ({contact.introduced_by[:8]})"))
    made = introductions_of(history)
    if made:
        rows.append(("Introduced", "; ".join(
            f"{introduced(i.summary)} ({local_date(i.at).isoformat()})" for i in reversed(made)
        )))
    return rows


def templates_for(config: Config) -> tuple[list[Template], list[str]]:
    """The user's templates (built-ins included) and any problems reading them."""
    from board.outreach import load_templates

    return load_templates(config)
