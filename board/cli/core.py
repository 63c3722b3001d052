"""The core commands: add, log, move, list, show."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import click

from board.cli.base import cli, session, short_id
from board.cli.fields import (
    LISTS,
    TEXTS,
    add_options,
    introducer,
    items,
    namesakes,
    twin_warning,
)
from board.cli.fields import cadence as cadence_option
from board.cli.output import emit_json, say, table, warn
from board.dates import parse_moment
from board.errors import UserError
from board.humane import ago, contact_fields, day_text, moment_text
from board.model import Contact, Direction, Interaction, Kind, Stage, Value, new_id
from board.store import Store
from board.text import clean, safe, safe_line

NAME_CELLS = 28  # a long name is cut with "…"; the other columns are short by design


def ask_needs(store: Store, person: Contact, kind: Kind, direction: Direction,
              at: datetime | None) -> str | None:
    """At a terminal, when this log answers a gift: what did they say they need? (None: skip)."""
    from board.cli.output import interactive
    from board.standing import answers_gift

    if not interactive():
        return None
    moment = at or store.clock()
    if not answers_gift(store.interactions(person.id), kind, direction, moment):
        return None
    current = f" (now: {person.needs})" if person.needs else ""
    answer = click.prompt(
        safe_line(f"What did {person.first_name} say they need?{current} enter skips"),
        default="", show_default=False, err=True,
    )
    return clean(answer).strip() or None


def _stage(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Stage | None:
    return Stage.parse(value) if value is not None else None


@cli.command()
@click.argument("name")
@add_options()
def add(name: str, stage: str, cadence: str, introduced_by: str | None, **values: Any) -> None:
    """Add a person to the board.

    Warns (and still adds) when someone of the same name and company is already there.
    """
    name = " ".join(name.split())
    if not name:
        raise UserError("a contact needs a name", field="name")
    fields: dict[str, Any] = {spec.field: values[spec.field].strip() for spec in TEXTS}
    fields.update({spec.field: items(spec, values[spec.field]) for spec in LISTS})
    contact_stage = Stage.parse(stage)
    days = cadence_option(cadence)
    store = session().store()
    twins = namesakes(store, name, fields["company"])
    by = introducer(store, introduced_by)
    at = store.clock()
    contact = Contact(
        id=new_id(), name=name, stage=contact_stage, cadence_days=days, created_at=at,
        updated_at=at, stage_changed_at=at, introduced_by=by, **fields,
    )
    store.add_contact(contact)
    say(f"Added {contact.name} ({short_id(contact.id)}) to {contact.stage.label}.")
    if twins:
        warn(twin_warning(contact, twins))


@cli.command()
@click.argument("contact")
@click.argument("summary", nargs=-1, required=True)
@click.option("--kind", default="note", show_default=True,
              help="met, message, call, meeting, gave, received or note.")
@click.option("--value", default=None,
              help="For gave/received: information, resource, introduction, referral, feedback, other.")
@click.option("--at", "when", default=None, metavar="WHEN",
              help="When it happened: 2026-10-01, 2026-10-01T09:30, yesterday, -3d, friday "
              "(the last one); not more than a day ahead (tomorrow: this time tomorrow).")
@click.option("--in", "incoming", is_flag=True,
              help="With --kind message: a message they wrote to you (a reply).")
@click.option("--needs", default=None, metavar="TEXT",
              help="What they said they need: saved into their needs with the log.")
def log(contact: str, summary: tuple[str, ...], kind: str, value: str | None, when: str | None,
        incoming: bool, needs: str | None) -> None:
    """Log an interaction with CONTACT (resets the follow-up clock).

    When it answers a gift they gave you (a message, call or meeting after a `received`)
    and you are at a terminal, it asks what they said they need (enter skips); --needs
    TEXT says it up front.
    """
    text = " ".join(summary).strip()
    if not text:
        raise UserError("say what happened: trustboard log CONTACT SUMMARY")
    parsed_kind = Kind.parse(kind)
    parsed_value = Value.parse(value) if value else None
    if parsed_value and parsed_kind not in (Kind.GAVE, Kind.RECEIVED):
        raise UserError("--value goes only with --kind gave or --kind received")
    if parsed_kind in (Kind.GAVE, Kind.RECEIVED) and parsed_value is None:
        parsed_value = Value.OTHER
    direction = Direction.IN if incoming else Direction.OUT
    if incoming and parsed_kind != Kind.MESSAGE:
        raise UserError("--in is for a message they wrote to you: add --kind message")
    store = session().store()
    at = parse_moment(when, store.clock()) if when is not None else None
    person = store.find(contact)
    if needs is None:
        needs = ask_needs(store, person, parsed_kind, direction, at)
    store.log(person.id, parsed_kind, text, at=at, value=parsed_value, direction=direction,
              needs=needs)
    said = "message from" if incoming else f"{parsed_kind.value} with"
    say(f"Logged {said} {person.name}." + (" Their needs: " + needs.strip() if needs and needs.strip() else ""))


@cli.command()
@click.argument("contact")
@click.argument("stage")
def move(contact: str, stage: str) -> None:
    """Move CONTACT to STAGE (met, talked, gave-value, trusted)."""
    target = Stage.parse(stage)
    store = session().store()
    person = store.find(contact)
    if person.stage == target:
        say(f"{person.name} is already in {target.label}.")
        return
    store.move(person.id, target)
    say(f"Moved {person.name}: {person.stage.label} → {target.label}.")


@cli.command(name="list")
@click.argument("query", nargs=-1)
@click.option("--stage", default=None, callback=_stage, help="Only this stage.")
@click.option("--tag", default=None, help="Only contacts with this tag.")
@click.option("--due", is_flag=True, help="Only contacts due for a follow-up.")
@click.option("--archived", is_flag=True, help="List archived contacts instead.")
@click.option("--json", "as_json", is_flag=True, help="Output a JSON array of contacts.")
def list_(query: tuple[str, ...], stage: Stage | None, tag: str | None, due: bool,
          archived: bool, as_json: bool) -> None:
    """List contacts, or those matching QUERY: the board's filter words.

    \b
    plain words   match name, company, title, tags, expertise, needs, notes and where
                  you met (as a substring; words of 4 letters or more also fuzzily)
    tag:bni       has a tag starting with bni
    stage:talked  in that stage
    due           due today (owed thanks, a reminder, or the follow-up cadence)
    quiet         requests you answered that never replied
    archived      archived contacts instead
    """
    from board.search import filter_contacts, parse_query

    wanted = parse_query(" ".join(query))
    if archived or due:
        wanted = replace(wanted, archived=wanted.archived or archived, due=wanted.due or due)
    store = session().store()
    contacts = board = store.contacts(archived=wanted.archived)
    if stage is not None:
        contacts = [c for c in contacts if c.stage == stage]
    if tag:
        folded = tag.strip().lower()
        contacts = [c for c in contacts if folded in (t.lower() for t in c.tags)]
    due_ids: set[str] = set()
    quiet_ids: set[str] = set()
    if wanted.due or wanted.quiet:
        from board.standing import standings
        from board.triage import due_contacts

        now = store.clock()
        known = standings(store, contacts, session().config(), now)
        quiet_ids = {cid for cid, standing in known.items() if standing.quiet}
        due_ids = {item.contact.id
                   for item in due_contacts(contacts, session().config(), now.date(), known)}
    contacts = filter_contacts(contacts, wanted, due_ids=due_ids, quiet_ids=quiet_ids, board=board)
    order = list(Stage)
    contacts.sort(key=lambda c: (order.index(c.stage), c.name.lower()))
    if as_json:
        emit_json([c.to_dict() for c in contacts])
        return
    if not contacts:
        if stage or tag or not wanted.empty:
            say("No contacts match.")
        elif store.contacts(archived=True):
            say("No contacts on the board: everyone is archived (trustboard list archived).")
        else:
            say("No contacts yet: trustboard add NAME")
        return
    now = store.clock()
    rows = [
        (short_id(c.id), c.name, c.stage.label, ago(c.last_interaction_at, now),
         " · ".join(x for x in (c.title, c.company) if x))
        for c in contacts
    ]
    say("\n".join(table(rows, limits=(None, NAME_CELLS), right=(3,))))


@cli.command()
@click.argument("contact")
@click.option("--json", "as_json", is_flag=True, help="Output the contact and its interactions as JSON.")
def show(contact: str, as_json: bool) -> None:
    """Show CONTACT's details and interaction timeline."""
    store = session().store()
    person = store.find(contact)
    history = store.interactions(person.id)
    if as_json:
        data = person.to_dict()
        data["interactions"] = [
            {k: v for k, v in i.to_dict().items() if k != "contact_id"} for i in history
        ]
        emit_json(data)
        return
    now = store.clock()
    lines = [f"{person.name}  [{person.stage.label}]" + ("  (archived)" if person.archived else "")]
    lines.append(f"  {'Id':<16} {person.id}")
    from board.introductions import details

    related = [*details(store, person, history), *standing_rows(person, history, now)]
    for label, value in contact_fields(person, now, related=related):
        first, *more = safe(value).split("\n")
        lines.append(f"  {label:<16} {first}")
        lines.extend(f"  {'':<16} {line}" for line in more)  # notes keep their lines
    lines.append("")
    if history:
        lines.append("Timeline:")
        lines.extend(table(
            [
                (moment_text(item.at), short_id(item.id),
                 "message (theirs)" if item.direction is Direction.IN
                 else item.kind.value + (f" ({item.value.value})" if item.value else ""), item.summary)
                for item in reversed(history)
            ],
            indent="  ",
        ))
    else:
        lines.append("No interactions yet.")
    say("\n".join(lines))


def standing_rows(person: Contact, history: list[Interaction], now: datetime) -> list[tuple[str, str]]:
    """What the method says of them now (the board's card marks the same): thanks owed
    for a gift, or quiet after their request was answered."""
    from board.standing import read_standing

    standing = read_standing(person, history, session().config(), now)
    rows = []
    if standing.owed_thanks is not None:
        value = standing.owed_thanks.value
        what = "what they gave" if value is None or value is Value.OTHER else f"the {value.value}"
        rows.append(("Owed", f"thanks for {what} on {day_text(standing.owed_thanks.at)}"))
    if standing.quiet_since is not None:
        rows.append(("Quiet", f"since {standing.quiet_since.isoformat()}: you answered their request "
                              "and they have not replied"))
    return rows
