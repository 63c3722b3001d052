"""The card file: what the board draws, sorts and filters of each contact, kept beside the data.

Opening a board of 30,000 contacts used to mean parsing every shard (27 MB) and building
every `Contact` before the first frame. The board needs much less of each person: a name,
title and company, the stage, what decides the due date, the tags and the filter's text.
`cards.json` holds just that, per contact shard, with the stat key (inode, size,
mtime_ns) the shard had when its cards were taken from it. A shard whose file still has
that very key is not read at all; any other (changed by another process, restored, never
seen) is parsed and its cards taken from its contacts, as before.

It is a cache, not data: it is derived from the shards and never trusted over them. A
racy key (a file written within the file system's timestamp granularity) is not
recorded; a missing, damaged, foreign or older card file is ignored and rewritten; it
is written atomically (a killed writer leaves the old one or a temporary file, cleaned
up on open); check, backups, restore and sync never read it. A shard whose contacts
had values clamped on read (`bounds`) is not recorded either, so its notes are still
given each time it is read.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from board.kinds import Reminder, Stage
from board.model import Contact
from board.search import haystack
from board.store import files
from board.store.files import StatKey, dumps, key_of, racy, read_with_key
from board.store.layout import CONTACT_REL_SET, CONTACT_RELS
from board.store.shards import Entry, ShardCache

CARDS_FILE = "cards.json"
CARDS_VERSION = 1
_STAGES = {stage.value: stage for stage in Stage}
_parse_time = datetime.fromisoformat
_parse_day = date.fromisoformat


class CardFacts:
    """One contact as the board needs it: the fields its cards, order, due rules and filter
    read, under the same names as on `Contact` (triage and search rules take either)."""

    __slots__ = (
        "id", "name", "company", "title", "stage", "archived", "created_at",
        "last_interaction_at", "snoozed_until", "cadence_days", "reconnect_on", "reminder",
        "tags", "_text", "_contact",
    )

    def __init__(
        self, id: str, name: str, company: str, title: str, stage: Stage, archived: bool,
        created_at: datetime, last_interaction_at: datetime | None, snoozed_until: date | None,
        cadence_days: int | None, reconnect_on: date | None, reminder: Reminder | None,
        tags: list[str], text: str | None, contact: Contact | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.company = company
        self.title = title
        self.stage = stage
        self.archived = archived
        self.created_at = created_at
        self.last_interaction_at = last_interaction_at
        self.snoozed_until = snoozed_until
        self.cadence_days = cadence_days
        self.reconnect_on = reconnect_on
        self.reminder = reminder
        self.tags = tags
        self._text = text
        self._contact = contact  # what they were taken from, if built from a contact

    @property
    def text(self) -> str:
        """The filter's text (`board.search.haystack`), worked out when first needed."""
        if self._text is None:
            assert self._contact is not None  # facts from the card file come with their text
            self._text = haystack(self._contact)
        return self._text

    @property
    def contact(self) -> Contact | None:
        """The contact these facts were taken from (None: read from the card file)."""
        return self._contact

    @property
    def last_touch(self) -> datetime:
        return self.last_interaction_at or self.created_at

    @classmethod
    def of(cls, contact: Contact) -> CardFacts:
        return cls(
            contact.id, contact.name, contact.company, contact.title, contact.stage,
            contact.archived, contact.created_at, contact.last_interaction_at,
            contact.snoozed_until, contact.cadence_days, contact.reconnect_on, contact.reminder,
            contact.tags, None, contact,
        )

    def row(self) -> list[Any]:
        """As the card file holds it."""
        last, snoozed, reconnect, reminder = (
            self.last_interaction_at, self.snoozed_until, self.reconnect_on, self.reminder)
        return [
            self.id, self.name, self.company, self.title, self.stage.value, self.archived,
            self.created_at.isoformat(), last.isoformat() if last else None,
            snoozed.isoformat() if snoozed else None, self.cadence_days,
            reconnect.isoformat() if reconnect else None,
            [reminder.date.isoformat(), reminder.text] if reminder else None, self.tags, self.text,
        ]


def _from_row(row: list[Any]) -> CardFacts:
    """A row of the card file (TypeError, ValueError or KeyError if it is not one)."""
    cid, name, company, title, stage, archived, created, last, snoozed, cadence, reconnect, reminder, tags, text = row
    if not (type(cid) is str and type(name) is str and type(company) is str and type(title) is str
            and type(archived) is bool and type(text) is str and type(tags) is list
            and (cadence is None or type(cadence) is int)):
        raise TypeError("not a card")
    return CardFacts(
        cid, name, company, title, _STAGES[stage], archived, _parse_time(created),
        _parse_time(last) if last is not None else None,
        _parse_day(snoozed) if snoozed is not None else None, cadence,
        _parse_day(reconnect) if reconnect is not None else None,
        Reminder(_parse_day(reminder[0]), str(reminder[1])) if reminder is not None else None,
        [str(tag) for tag in tags] if tags else [], text,
    )


Section = tuple[StatKey, list[CardFacts]]


class _Foreign(Exception):
    """A row of the card file is not a card: the file is not ours, or damaged."""


class CardFile:
    """The cards of every contact shard: from `cards.json` where it still holds, else from
    the shard itself (the store's snapshot for shards it has loaded)."""

    def __init__(self, root: Path, cache: ShardCache) -> None:
        self.path = root / CARDS_FILE
        self.cache = cache
        # As read: each shard's key and rows (None once they are made into `_sections`).
        self._disk: dict[str, tuple[StatKey, list[Any] | None]] | None = None
        self._sections: dict[str, Section] = {}  # built from the file: the same objects each time
        self._built: dict[str, tuple[Entry, list[CardFacts], bool]] = {}  # from a loaded shard
        self._served: dict[str, StatKey | None] = {}  # each unloaded shard's key when served
        self.dirty = False  # a shard's cards are newer than the file's

    def _read(self) -> dict[str, tuple[StatKey, list[Any] | None]]:
        if self._disk is None:
            self._disk = {}
            found = read_with_key(self.path)
            if found is not None:
                try:
                    data = orjson.loads(found[1])
                    if data["version"] != CARDS_VERSION:
                        raise ValueError("another version")
                    for rel, (ino, size, mtime, rows) in data["shards"].items():
                        if rel not in CONTACT_REL_SET or type(rows) is not list:
                            raise ValueError(rel)
                        key = (ino, size, mtime)
                        if not all(type(part) is int for part in key):
                            raise ValueError(rel)
                        self._disk[rel] = (key, rows)
                except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
                    self._disk = {}
                    self.dirty = True
        return self._disk

    def cards(self) -> list[CardFacts]:
        """Every contact's card facts (archived included), under the store's shared lock."""
        try:
            return [facts for rel in CONTACT_RELS for facts in self._shard(rel)]
        except _Foreign:  # trusted in no part: every shard from the shards themselves
            self._disk, self._sections, self.dirty = {}, {}, True
            return [facts for rel in CONTACT_RELS for facts in self._shard(rel)]

    def _shard(self, rel: str) -> list[CardFacts]:
        entry = self.cache.files.get(rel)
        if entry is None:
            try:
                key: StatKey | None = key_of(os.stat(self.cache.path(rel)))
            except FileNotFoundError:
                key = None
            self._served[rel] = key
            if key is None:
                return []
            kept = self._sections.get(rel)
            if kept is not None and kept[0] == key:
                return kept[1]
            disk = self._read()
            on_disk = disk.get(rel)
            if on_disk is not None and on_disk[1] is not None and on_disk[0] == key and not racy(key):
                try:
                    facts = [_from_row(row) for row in on_disk[1]]
                except (TypeError, ValueError, KeyError, IndexError):
                    raise _Foreign from None
                self._sections[rel] = (key, facts)
                disk[rel] = (key, None)  # the rows live on as the facts
                return facts
            entry = self.cache.entry(rel)[0]
        self._served.pop(rel, None)
        built = self._built.get(rel)
        if built is not None and built[0] is entry:
            return built[1]
        notes = len(self.cache.notes)
        facts = [CardFacts.of(contact) for contact in self.cache.shard_contacts(rel, entry).values()]
        # Clamped values are told each time they are read: such a shard is not recorded.
        recordable = len(self.cache.notes) == notes and entry.key is not None and not racy(entry.key)
        self._built[rel] = (entry, facts, recordable)
        self._sections.pop(rel, None)
        recorded = self._read().get(rel)
        if recordable and (recorded is None or recorded[0] != entry.key):
            self.dirty = True
        return facts

    def moved(self) -> bool:
        """True if a shard served from the file (not loaded) has changed on disk since."""
        moved = False
        for rel, served in list(self._served.items()):
            if rel in self.cache.files:
                continue
            try:
                key: StatKey | None = key_of(os.stat(self.cache.path(rel)))
            except FileNotFoundError:
                key = None
            if key != served:
                self._served[rel] = key
                moved = True
        return moved

    def save(self) -> None:
        """Rewrite the card file if shards were read that it does not hold as they are."""
        if not self.dirty:
            return
        shards: dict[str, list[Any]] = {}
        for rel in CONTACT_RELS:
            entry = self.cache.files.get(rel)
            built = self._built.get(rel)
            if entry is not None and built is not None and built[0] is entry:
                if built[2] and entry.key is not None:
                    shards[rel] = [*entry.key, [facts.row() for facts in built[1]]]
                continue
            section = self._sections.get(rel)
            if section is not None and not racy(section[0]):
                shards[rel] = [*section[0], [facts.row() for facts in section[1]]]
        payload = dumps({"version": CARDS_VERSION, "shards": shards})
        # A cache: atomic so readers never see half of it, not worth an fsync.
        files.write_atomic(self.path, payload, durable=False)
        self._disk = {rel: ((item[0], item[1], item[2]), None) for rel, item in shards.items()}
        self.dirty = False
