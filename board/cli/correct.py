"""Correcting the record: edit a contact, delete a wrong interaction, archive and restore.

Each command is one store transaction: it changes what it says, or — on any error —
nothing. A CONTACT is resolved as everywhere (id, id prefix, name, unique name prefix);
an INTERACTION is its id or a unique prefix of it, as `trustboard show` prints it.
"""

from __future__ import annotations

from typing import Any

import click

from board.cli.base import cli, session, short_id
from board.cli.fields import (
    LABELS,
    LISTS,
    TEXTS,
    edit_options,
    edited_list,
    introducer,
    namesakes,
    twin_warning,
)
from board.cli.fields import cadence as cadence_option
from board.cli.output import confirm, interactive, say, warn
from board.errors import AmbiguousContact, UserError
from board.humane import ago, day_text
from board.model import Contact, Interaction, Stage
from board.store import Store

MIN_ID_PREFIX = 4


@cli.command()
@click.argument("contact")
@edit_options()
def edit(contact: str, name: str | None, stage: str | None, cadence: str | None,
         introduced_by: str | None, **values: Any) -> None:
    """Change CONTACT's fields: each option given replaces that field.

    \b
    trustboard edit ana --company "Lima Law" --title Partner
    trustboard edit ana --add-tag bni --remove-tag prospect
    trustboard edit ana --email ana@lima.law      (replaces every email)
    trustboard edit ana --note ""                 (empties the notes)
    trustboard edit ana --cadence 21              (or --cadence default)
    """
    given = [name, stage, cadence, introduced_by,
             *(v for v in values.values() if v not in ((), None))]
    if all(value is None for value in given):
        raise click.UsageError("say what to change, e.g. --company ACME or --add-tag bni")
    store = session().store()
    person = store.find(contact)
    changes = _changes(person, name, stage, cadence, values)
    if introduced_by is not None:
        changes["introduced_by"] = introducer(store, introduced_by, person.id)
    changed = {k: v for k, v in changes.items() if getattr(person, k) != v}
    if not changed:
        say(f"Nothing to change: {person.name} already has those values.")
        return
    change = store.update_contact(person.copy(**changed), base=person)
    updated = change.contact or store.get(person.id)
    shown = "; ".join(f"{LABELS[k]} → {_shown(_named(store, k, getattr(updated, k)), k)}"
                      for k in changed)
    say(f"Edited {updated.name}: {shown}.")
    if {"name", "company"} & set(changed):
        twins = namesakes(store, updated.name, updated.company, besides=updated.id)
        if twins:
            warn(twin_warning(updated, twins))


def _named(store: Store, field: str, value: object) -> object:
    """A field's value as shown: the name of the contact an id points to."""
    if field == "introduced_by" and isinstance(value, str):
        try:
            return store.get(value).name
        except UserError:
            return value[:8]
    return value


def _changes(person: Contact, name: str | None, stage: str | None, cadence: str | None,
             values: dict[str, Any]) -> dict[str, Any]:
    """The fields the options set, checked (lists edited from the contact's current ones)."""
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = " ".join(name.split())
        if not changes["name"]:
            raise UserError("a contact needs a name", field="name")
    for spec in TEXTS:
        if values[spec.field] is not None:
            changes[spec.field] = values[spec.field].strip()
    for spec in LISTS:
        replace, add, remove = (
            values[spec.field], values[f"add_{spec.field}"], values[f"remove_{spec.field}"]
        )
        if replace or add or remove:
            changes[spec.field] = edited_list(
                spec, getattr(person, spec.field), replace, add, remove, person.name
            )
    if stage is not None:
        changes["stage"] = Stage.parse(stage)
    if cadence is not None:
        changes["cadence_days"] = cadence_option(cadence)
    return changes


def _shown(value: object, field: str = "") -> str:
    if isinstance(value, Stage):
        return value.label
    if isinstance(value, list):
        return ", ".join(value) or "none"
    if value is None:
        return "nobody" if field == "introduced_by" else "the stage's default"
    if isinstance(value, int):
        return f"every {value} days"
    text = str(value)
    if not text:
        return "empty"
    return text if len(text) <= 60 and "\n" not in text else text.split("\n")[0][:59] + "…"


@cli.command()
@click.argument("interaction")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking (for scripts).")
def unlog(interaction: str, yes: bool) -> None:
    """Delete a wrong interaction: INTERACTION is its id or a unique prefix of it, as
    `trustboard show CONTACT` prints it. Asks first on a terminal; --yes for scripts.

    The follow-up clock goes back to the contact's latest remaining interaction.
    """
    store = session().store()
    target = find_interaction(store, interaction)
    person = _owner(store, target)
    what = describe(target, person)
    if not yes:
        if not interactive():
            raise UserError(
                f"not deleted: to delete {what} without a terminal to ask on, run "
                f"`trustboard unlog {short_id(target.id)} --yes`"
            )
        if not confirm(f"Delete {what}?"):
            raise UserError("not deleted: you said no")
    label = f"deleted {target.kind.value} with {person.name if person else 'a removed contact'}"
    with store.transaction(label) as txn:
        if target.id not in {i.id for i in txn.interactions(target.contact_id)}:
            raise UserError(f"{what} was deleted meanwhile (by another trustboard)")
        txn.remove_interaction(target.contact_id, target.id)
    store.save_interaction_ids()  # the shards read to find it: the next unlog skips them
    if person is None:
        say(f"Deleted {what}.")
        return
    after = store.get(person.id)
    last = ago(after.last_interaction_at, store.clock())
    say(f"Deleted {what}. {after.name}'s last contact is now: {last}.")


def find_interaction(store: Store, text: str) -> Interaction:
    """The interaction whose id is `text`, or the only one whose id starts with it."""
    key = text.strip()
    if not key:
        raise UserError("name an interaction: its id, as `trustboard show CONTACT` prints it")
    exact: list[Interaction] = []
    prefixed: list[Interaction] = []
    folded = key.lower()
    for item in store.interactions_by_id(key):  # only the shards holding it are parsed
        if item.id == key:
            exact.append(item)
        elif item.id.lower().startswith(folded):
            prefixed.append(item)
    if len(exact) == 1:
        return exact[0]
    if not exact and len(folded) < MIN_ID_PREFIX:
        raise UserError(
            f"{key!r} is too short to name an interaction: give at least {MIN_ID_PREFIX} "
            "characters of its id, as `trustboard show CONTACT` prints it"
        )
    found = exact or prefixed
    if not found:
        raise UserError(
            f"no interaction has an id starting with {key!r}: `trustboard show CONTACT` "
            "prints each one's id"
        )
    if len(found) == 1:
        return found[0]
    listed = "; ".join(
        f"{short_id(i.id)} {i.kind.value} on {day_text(i.at)}" for i in found[:5]
    )
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    raise UserError(f"{key!r} starts {len(found)} interactions' ids: {listed}{more}")


def _owner(store: Store, interaction: Interaction) -> Contact | None:
    try:
        return store.get(interaction.contact_id)
    except UserError:  # an orphan (its contact is gone): still deletable
        return None


def describe(interaction: Interaction, person: Contact | None) -> str:
    """'the call with Ana Lima on 2026-11-12 ("coffee at Blue Bottle")'."""
    who = person.name if person else "a removed contact"
    kind = interaction.kind.value + (f" ({interaction.value.value})" if interaction.value else "")
    summary = " ".join(interaction.summary.split())
    if len(summary) > 50:
        summary = summary[:49] + "…"
    quoted = f' ("{summary}")' if summary else ""
    return f"the {kind} with {who} on {day_text(interaction.at)}{quoted}"


@cli.command()
@click.argument("contact")
def archive(contact: str) -> None:
    """Archive CONTACT: off the board and out of Today, kept with their history."""
    _set_archived(contact, True)


@cli.command()
@click.argument("contact")
def unarchive(contact: str) -> None:
    """Bring an archived CONTACT back to the board."""
    _set_archived(contact, False)


def _set_archived(query: str, archived: bool) -> None:
    store = session().store()
    person = _find_preferring(store, query, archived=not archived)
    if person.archived == archived:
        say(f"{person.name} is {'already' if archived else 'not'} archived.")
        return
    store.archive(person.id, archived)
    if archived:
        say(f"Archived {person.name}: `trustboard unarchive {short_id(person.id)}` brings them back.")
    else:
        say(f"{person.name} is back on the board, in {person.stage.label}.")


def _find_preferring(store: Store, query: str, *, archived: bool) -> Contact:
    """`find` among contacts that are (or are not) archived first, then among all."""
    try:
        return store.find(query, archived=archived)
    except AmbiguousContact:
        raise
    except UserError as none:
        try:
            return store.find(query, archived=not archived)
        except AmbiguousContact:
            raise
        except UserError:
            raise none from None
