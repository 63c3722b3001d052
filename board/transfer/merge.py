"""Matching imported people to the ones already there, and merging without loss.

A record matches a contact by profile URL, then by any email, then by exact name and
company (a contact known without a company matches by name alone). A match is merged:
a new company or position replaces the old one; new emails, phones, urls, tags and
expertise are added; nickname, birthday, needs, met_at and notes are filled only while
empty; name, stage, snooze, cadence, archiving and interactions already logged are the
user's and stay.

trustboard JSON is our own data and merges by id: the copy of a contact edited more
recently wins, and interactions are united by id. A JSON contact whose id is unknown is
matched like any other record, against the contacts that were there before the import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from board.model import Contact, Interaction, Resource
from board.transfer.common import Incoming, ParsedImport, Skip, norm, phone_key, unique, url_key
from board.transfer.reconnect import PLANNED_KINDS, ReconnectPlan, plan_reconnects
from board.transfer.stored import History
from board.transfer.vcard_write import guess_name_parts

if TYPE_CHECKING:
    from board.store import Transaction


def _is_profile_url(key: str) -> bool:
    # A bare domain (acme.com) is a company site shared by colleagues: never a match key.
    return "/" in key


_LIST_KEYS: dict[str, Callable[[str], str]] = {
    "emails": str.casefold,
    "phones": phone_key,
    "urls": url_key,
    "tags": str.casefold,
    "expertise": str.casefold,
}


class _Matcher:
    """Finds the contact a record describes: profile URL, then email, then name + company."""

    def __init__(self, contacts: list[Contact]) -> None:
        self.by_url: dict[str, set[str]] = defaultdict(set)
        self.by_email: dict[str, set[str]] = defaultdict(set)
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.contacts: dict[str, Contact] = {}
        # Each URL's and name's key worked out once: a record's are asked by `find`, then
        # by `add`, and a re-import's are those of the contacts already there.
        self._url_keys: dict[str, str] = {}
        self._names: dict[str, str] = {}
        # Names are indexed only once a record is looked up by name: a re-import finds
        # nearly everyone by profile URL and never asks.
        self._unnamed: list[Contact] = []
        for contact in contacts:
            self.add(contact)

    def url_key(self, url: str) -> str:
        key = self._url_keys.get(url)
        if key is None:
            key = self._url_keys[url] = url_key(url)
        return key

    def name_key(self, name: str) -> str:
        key = self._names.get(name)
        if key is None:
            key = self._names[name] = norm(name)
        return key

    def add(self, contact: Contact) -> None:
        self.contacts[contact.id] = contact
        for url in contact.urls:
            key = self.url_key(url)
            if _is_profile_url(key):
                self.by_url[key].add(contact.id)
        for email in contact.emails:
            self.by_email[email.casefold()].add(contact.id)
        self._unnamed.append(contact)

    def named(self, name: str) -> set[str]:
        """The ids of the contacts of this name (`norm`)."""
        if self._unnamed:
            for contact in self._unnamed:
                self.by_name[self.name_key(contact.name)].add(contact.id)
            self._unnamed.clear()
        return self.by_name.get(self.name_key(name), set())

    def find(self, contact: Contact) -> list[Contact]:
        """The contacts it matches at the first rule that matches any (several: ambiguous)."""
        for keys, index in (
            ([k for k in map(self.url_key, contact.urls) if _is_profile_url(k)], self.by_url),
            ([e.casefold() for e in contact.emails], self.by_email),
        ):
            ids: set[str] = set()
            for key in keys:
                ids |= index.get(key, set())
            if ids:
                return [self.contacts[i] for i in sorted(ids)]
        named = [self.contacts[i] for i in sorted(self.named(contact.name))]
        if not contact.company:
            return named
        company = norm(contact.company)
        same = [c for c in named if norm(c.company) == company]
        # A contact known without a company (say, from an invitation) is the same person.
        return same or [c for c in named if not c.company]


@dataclass(slots=True)
class Update:
    """A planned change to an existing contact."""

    line: int
    before: Contact
    after: Contact | None  # None: its fields stay as they are (only interactions are added)
    changed: list[str]
    interactions: list[Interaction]
    touch: bool = True  # set updated_at to now (False: keep the file's, for JSON)


@dataclass
class ImportPlan:
    """What an import would do; applying it is one store transaction."""

    adds: list[Incoming] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    reconnect: ReconnectPlan | None = None  # the days the new people fall due
    moved: list[Contact] = field(default_factory=list)  # waiting people moved back by the plan
    # The resource library (trustboard JSON only): merged by id, the newer copy wins.
    resource_adds: list[Resource] = field(default_factory=list)
    resource_updates: list[Resource] = field(default_factory=list)
    resources_unchanged: int = 0
    resources_skipped: list[str] = field(default_factory=list)  # why, one per resource

    @property
    def writes(self) -> bool:
        return bool(self.adds or self.updates or self.resource_adds or self.resource_updates)


def plan_import(
    parsed: ParsedImport,
    existing: list[Contact],
    interactions_of: History,
    *,
    my_name: str = "",
    today: date | None = None,
    per_day: int = 3,
    library: Sequence[Resource] = (),
) -> ImportPlan:
    """Match every record of `parsed` against `existing` and decide what changes.

    `interactions_of(contact_id)` gives a contact's logged interactions (asked only for
    matched contacts whose record brings interactions). The user's own name, from the
    file or `my_name`, never becomes a contact. Given `today`, the new people of every
    kind but JSON join the reconnect plan, `per_day` a day (`board.transfer.reconnect`).
    `library` is the resources already there (a JSON file's own are merged with them).
    """
    if parsed.kind == "json":
        plan = _plan_json(parsed, existing, interactions_of)
        _plan_resources(plan, parsed.resources, library)
        return plan
    plan = ImportPlan(skipped=list(parsed.skipped))
    matcher = _Matcher(existing)
    claimed: dict[str, int] = {}  # contact id -> the line that already claimed it
    me = set(parsed.user_names) | ({norm(my_name)} if my_name.strip() else set())
    for record in parsed.records:
        if me and norm(record.contact.name) in me:
            plan.skipped.append(Skip(record.line, "your own name"))
            continue
        matches = matcher.find(record.contact)
        if len(matches) > 1:
            names = ", ".join(f"{c.name} ({c.id[:8]})" for c in matches[:3])
            plan.skipped.append(Skip(record.line, f"matches several contacts ({names}): left alone"))
        elif not matches:
            plan.adds.append(record)
            matcher.add(record.contact)
            claimed[record.contact.id] = record.line
        elif matches[0].id in claimed:
            plan.skipped.append(Skip(record.line, f"same person as line {claimed[matches[0].id]}"))
        else:
            claimed[matches[0].id] = record.line
            after = _plan_merge(plan, record, matches[0], interactions_of)
            if after is not None:
                matcher.add(after)
    if today is not None and parsed.kind in PLANNED_KINDS:
        plan.adds, moved, plan.reconnect = plan_reconnects(plan.adds, existing, today, per_day)
        _move(plan, moved)
    return plan


def _move(plan: ImportPlan, moved: list[Contact]) -> None:
    """People already waiting in the reconnect plan, with the later day it gives them."""
    updates = {u.before.id: u for u in plan.updates}
    for contact in moved:
        update = updates.get(contact.id)
        if update is None:
            plan.moved.append(contact)
        else:  # this import also merges something into them: one write (the move is no edit)
            update.after = (update.after or update.before).copy(reconnect_on=contact.reconnect_on)


def _plan_merge(
    plan: ImportPlan,
    record: Incoming,
    current: Contact,
    interactions_of: Callable[[str], list[Interaction]],
) -> Contact | None:
    """Plan the lossless merge of a matched record; returns the merged contact if it changed."""
    after, changed = merge_contact(current, record.contact)
    fresh: list[Interaction] = []
    if record.interactions:  # (most records bring none: a re-import of connections)
        known: set[Any] = set()
        for old in interactions_of(current.id):
            known.add(_interaction_key(old))
            known.add(old.id)
        fresh = [
            replace(i, contact_id=current.id)
            for i in record.interactions
            if _interaction_key(i) not in known and i.id not in known
        ]
    if after is None and not fresh:
        plan.unchanged += 1
    else:
        plan.updates.append(Update(record.line, current, after, changed, fresh))
    return after


def _plan_json(
    parsed: ParsedImport,
    existing: list[Contact],
    interactions_of: History,
) -> ImportPlan:
    """trustboard JSON: merge by id; a contact with an unknown id may be known by another."""
    plan = ImportPlan(skipped=list(parsed.skipped))
    by_id = {c.id: c for c in existing}
    in_file = {r.contact.id for r in parsed.records}
    # Only contacts that were here before and that the file does not name by id: two
    # people in one file are never merged together, and nobody is merged twice.
    matcher = _Matcher([c for c in existing if c.id not in in_file])
    claimed: set[str] = set()
    interactions_of.expect(sum(1 for r in parsed.records if r.interactions and r.contact.id in by_id))
    for record in parsed.records:
        current = by_id.get(record.contact.id)
        if current is not None:
            _plan_json_update(plan, record, current, interactions_of)
            continue
        matches = matcher.find(record.contact)
        if len(matches) == 1 and matches[0].id not in claimed:
            claimed.add(matches[0].id)
            _plan_merge(plan, record, matches[0], interactions_of)
        else:
            plan.adds.append(record)  # unknown here (or ambiguous): kept whole, with its id
    return plan


def _interaction_key(interaction: Interaction) -> tuple[str, datetime, str]:
    return (interaction.kind.value, interaction.at, interaction.summary.strip())


FILLED_WHILE_EMPTY = ("nickname", "birthday", "needs", "met_at", "notes")
_lists_of = attrgetter(*_LIST_KEYS)
_filled_of = attrgetter(*FILLED_WHILE_EMPTY)


def merge_contact(current: Contact, incoming: Contact) -> tuple[Contact | None, list[str]]:
    """`current` with what `incoming` adds, and the names of the fields that changed.

    A new company or title replaces the old; new emails, phones, urls, tags and
    expertise are added; nickname, birthday, needs, met_at and notes are filled only
    while empty, and the structured name too when the display names are the same. Name,
    stage, snooze, cadence, archiving and dates are the user's and never change.
    Returns (None, []) when nothing would change.
    """
    changes: dict[str, Any] = {}
    company, title = incoming.company, incoming.title
    if company and company != current.company:
        changes["company"] = company
    if title and title != current.title:
        changes["title"] = title
    # Each side's fields fetched in one call: a re-import asks this of every contact, and
    # when each side's are the same (a re-import) there is nothing to add or fill.
    offers, haves = _lists_of(incoming), _lists_of(current)
    for name, offered, have in zip(_LIST_KEYS, offers, haves, strict=True) if offers != haves else ():
        if not offered or offered == have or all(v in have for v in offered):
            continue  # nothing, or only what is there already (a re-import): no key to work out
        key = _LIST_KEYS[name]
        known = {key(v) for v in have}
        added = unique([v for v in offered if key(v) not in known], key)
        if added:
            changes[name] = [*have, *added]
    values, hads = _filled_of(incoming), _filled_of(current)
    for name, value, had in zip(FILLED_WHILE_EMPTY, values, hads, strict=True) if values != hads else ():
        if value and not had:
            changes[name] = value
    if incoming.name_parts is not None and current.name_parts is None and _new_name_parts(current, incoming):
        changes["name_parts"] = incoming.name_parts
    if not changes:
        return None, []
    return current.copy(**changes), list(changes)


def _new_name_parts(current: Contact, incoming: Contact) -> bool:
    """Whether the file's structured name is news: this contact has none, the file names it
    the same, and it is not what the name alone would give (our own export's guess)."""
    parts = incoming.name_parts
    return (
        parts is not None and current.name_parts is None and norm(incoming.name) == norm(current.name)
        and tuple(parts) != guess_name_parts(incoming.name)
    )


def _plan_json_update(
    plan: ImportPlan,
    record: Incoming,
    current: Contact,
    interactions_of: History,
) -> None:
    """Merge a JSON contact by id: the copy edited more recently wins; interactions unite."""
    incoming = record.contact
    after: Contact | None = None
    changed: list[str] = []
    if incoming.updated_at > current.updated_at:
        candidate = incoming.copy(
            last_interaction_at=current.last_interaction_at,
            # A file without a stage history (schema 1) keeps the one recorded here.
            stage_history=incoming.stage_history or current.stage_history,
        )
        old, new = current.to_dict(), candidate.to_dict()
        changed = [k for k in new if k != "updated_at" and new[k] != old[k]]
        if changed:
            after = candidate
    fresh: list[Interaction] = []
    if record.interactions:
        known = interactions_of.ids(current.id)
        fresh = [i for i in record.interactions if i.id not in known]
    if after is None and not fresh:
        plan.unchanged += 1
        return
    plan.updates.append(Update(record.line, current, after, changed, fresh, touch=False))


def _plan_resources(plan: ImportPlan, incoming: Sequence[Resource], library: Sequence[Resource]) -> None:
    """Resources merge by id: a new one is added, the copy edited more recently wins. A
    new one titled like another already there is left out (titles are unique)."""
    by_id = {r.id: r for r in library}
    titles = {" ".join(r.title.split()).casefold(): r for r in library}
    for resource in incoming:
        current = by_id.get(resource.id)
        if current is None:
            key = " ".join(resource.title.split()).casefold()
            clash = titles.get(key)
            if clash is not None:
                plan.resources_skipped.append(
                    f"resource “{resource.title}”: your library already has one of that title ({clash.id[:8]})"
                )
                continue
            plan.resource_adds.append(resource)
            titles[key] = resource
        elif resource.updated_at > current.updated_at and resource.copy(updated_at=current.updated_at) != current:
            plan.resource_updates.append(resource)
        else:
            plan.resources_unchanged += 1


def apply_plan(txn: Transaction, plan: ImportPlan, now: datetime) -> int:
    """Write a plan inside a transaction (one bulk put); returns the interactions logged."""
    contacts: list[Contact] = []
    interactions: list[Interaction] = []
    for record in plan.adds:
        # The store keeps last_interaction_at only for contacts that have interactions;
        # a new one's is set here, so a value carried by a JSON file never survives.
        last = max((i.at for i in record.interactions), default=None)
        contact = record.contact
        contacts.append(contact if contact.last_interaction_at == last else contact.copy(last_interaction_at=last))
        interactions.extend(record.interactions)
    for update in plan.updates:
        if update.after is not None:
            # As stored: the store recomputes it from the interactions put with it.
            contact = update.after.copy(last_interaction_at=update.before.last_interaction_at)
            contacts.append(contact.copy(updated_at=now) if update.touch else contact)
        interactions.extend(update.interactions)
    contacts.extend(contact.copy(updated_at=now) for contact in plan.moved)
    txn.put_many(contacts, interactions, touch=False)
    for resource in (*plan.resource_adds, *plan.resource_updates):
        txn.put_resource(resource, touch=False)
    return len(interactions)
