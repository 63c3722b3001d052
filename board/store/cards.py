"""The card file: what the board draws, sorts and filters of each contact, kept beside the data.

Opening a board of 30,000 contacts used to mean parsing every shard (27 MB) and building
every `Contact` before the first frame. The board needs much less of each person to
paint: the name, the title and company line, the stage and what decides the due date.
`cards.json` holds that per contact shard, in columns (a few lists per shard rather
than a record per person: parsing is then a matter of milliseconds), with the stat key
(inode, size, mtime_ns) the shard had when its cards were taken from it. The rest of a
card (tags, the filter's text, a snooze or a reminder, the times) is one JSON text per
shard, parsed when one of its cards first needs it. A shard whose file still has its
recorded key is not read at all; any other (changed by another process, restored,
never seen) is parsed and its cards taken from its contacts, as before.

It is a cache, not data: it is derived from the shards and never trusted over them. A
racy key (a file written within the file system's timestamp granularity) is not
recorded; a missing, damaged, foreign or older card file is ignored and rewritten; one
written under another time zone is too (it holds each card's local day); it is written
atomically (a killed writer leaves the old one or a temporary file, cleaned up on
open); check, backups, restore and sync never read it. A shard whose contacts had
values clamped on read (`bounds`) is not recorded either, so that its notes are still
given each time it is read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from board.clock import local_date
from board.kinds import Reminder, Stage
from board.model import Contact
from board.search import haystack
from board.store import files
from board.store.files import StatKey, dumps, key_of, racy
from board.store.layout import CONTACT_REL_SET, CONTACT_RELS
from board.store.shards import Entry, ShardCache

CARDS_FILE = "cards.json"
CARDS_VERSION = 2
STAGES = tuple(Stage)
_STAGE_INDEX = {stage: n for n, stage in enumerate(STAGES)}
# A card's code: its stage's index, then one bit per field that most people leave empty
# (read from the shard's cold text only for those who have it).
ARCHIVED, SNOOZED, REMINDER, RECONNECT, CADENCE = 4, 8, 16, 32, 64
_UNREAD: Any = object()
_parse_time = datetime.fromisoformat
_parse_day = date.fromisoformat


def zone_mark() -> str:
    """What the local day of a moment depends on: $TZ, else the system's zone file."""
    try:
        with open("/etc/localtime", "rb") as handle:
            system = hashlib.blake2b(handle.read(), digest_size=8).hexdigest()
    except OSError:
        system = ""
    return f"{os.environ.get('TZ', '')}|{system}"


class Cold:
    """A shard's rarely needed card fields: bytes after the card file's first line, read
    and parsed when the first of its cards needs one.

    Checked then against the digest recorded for them and for their shape: if they are
    not what was written (the file was replaced or damaged since), the cards' fields are
    taken from the shard itself (`recover`), never made up.
    """

    __slots__ = ("path", "at", "size", "digest", "recover", "_raw", "_rows", "_by_id")

    def __init__(
        self, path: Path | None, at: int, size: int, digest: str,
        recover: Callable[[], dict[str, Contact]], raw: bytes | None = None,
    ) -> None:
        self.path, self.at, self.size, self.digest = path, at, size, digest
        self.recover = recover
        self._raw = raw  # the bytes, while not yet in a file
        self._rows: list[list[Any]] | None = None
        self._by_id: dict[str, list[Any]] | None = None

    def raw(self) -> bytes | None:
        """The bytes as written (None if the file no longer holds them)."""
        if self._raw is not None:
            return self._raw
        if self.path is None:
            return None
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.at)
                raw = handle.read(self.size)
        except OSError:
            return None
        return raw if len(raw) == self.size and _digest(raw) == self.digest else None

    def row(self, at: int, contact_id: str) -> list[Any]:
        if self._rows is None and self._by_id is None:
            raw = self.raw()
            try:
                if raw is None:
                    raise ValueError("not as written")
                rows = orjson.loads(raw)
                if type(rows) is not list or not all(_cold_shape(row) for row in rows):
                    raise ValueError("not cold rows")
                self._rows = rows
            except (orjson.JSONDecodeError, ValueError):
                self._by_id = {cid: CardFacts.of(c).cold_row() for cid, c in self.recover().items()}
        if self._rows is not None and at < len(self._rows):
            return self._rows[at]
        found = (self._by_id or {}).get(contact_id)
        return found if found is not None else ["", "", "1970-01-01T00:00:00+00:00", None, None, None, None, [], ""]


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _cold_shape(row: Any) -> bool:
    if type(row) is not list or len(row) != 9:
        return False
    company, title, created, snoozed, cadence, reconnect, reminder, tags, text = row
    try:
        _parse_time(created)
        if snoozed is not None:
            _parse_day(snoozed)
        if reconnect is not None:
            _parse_day(reconnect)
        if reminder is not None and (type(reminder) is not list or len(reminder) != 2 or type(reminder[1]) is not str):
            return False
        if reminder is not None:
            _parse_day(reminder[0])
    except (TypeError, ValueError):
        return False
    return (type(company) is str and type(title) is str and type(text) is str
            and (cadence is None or type(cadence) is int) and type(tags) is list
            and all(type(t) is str for t in tags))


class CardFacts:
    """One contact as the board needs it, under the same names as on `Contact` (the
    triage and search rules read these fields of either)."""

    __slots__ = (
        "id", "name", "line", "code", "touch_day", "_last", "_company", "_title",
        "_created", "_snoozed", "_cadence", "_reconnect", "_reminder", "_tags", "_text",
        "_cold", "_at", "_contact",
    )

    def __init__(
        self, id: str, name: str, line: str, code: int, touch_day: int, last: str | datetime | None,
        cold: Cold | None = None, at: int = 0, contact: Contact | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.line = line  # "title · company", as the card's second line shows it
        self.code = code
        self.touch_day = touch_day  # the local day (ordinal) the follow-up clock started
        self._last = last
        self._cold, self._at, self._contact = cold, at, contact
        if contact is None:
            self._company = self._title = self._created = self._snoozed = self._cadence = _UNREAD
            self._reconnect = self._reminder = self._tags = self._text = _UNREAD
        else:
            self._company, self._title, self._created = contact.company, contact.title, contact.created_at
            self._snoozed, self._cadence = contact.snoozed_until, contact.cadence_days
            self._reconnect, self._reminder, self._tags = contact.reconnect_on, contact.reminder, contact.tags
            self._text = None

    @classmethod
    def of(cls, contact: Contact) -> CardFacts:
        code = _STAGE_INDEX[contact.stage]
        code |= ARCHIVED if contact.archived else 0
        code |= SNOOZED if contact.snoozed_until is not None else 0
        code |= REMINDER if contact.reminder is not None else 0
        code |= RECONNECT if contact.reconnect_on is not None else 0
        code |= CADENCE if contact.cadence_days is not None else 0
        line = " · ".join(x for x in (contact.title, contact.company) if x)
        return cls(contact.id, contact.name, line, code, local_date(contact.last_touch).toordinal(),
                   contact.last_interaction_at, contact=contact)

    # -- what every card has

    @property
    def stage(self) -> Stage:
        return STAGES[self.code & 3]

    @property
    def archived(self) -> bool:
        return bool(self.code & ARCHIVED)

    @property
    def last_interaction_at(self) -> datetime | None:
        last = self._last
        if type(last) is str:
            last = self._last = _parse_time(last)
        return last  # type: ignore[return-value]  # a str is parsed above

    @property
    def contact(self) -> Contact | None:
        """The contact these facts were taken from (None: read from the card file)."""
        return self._contact

    # -- the rest, from the shard's cold text when first asked (None when the code says so)

    def _thaw(self) -> None:
        assert self._cold is not None
        company, title, created, snoozed, cadence, reconnect, reminder, tags, text = self._cold.row(self._at, self.id)
        self._company, self._title, self._created = str(company), str(title), _parse_time(created)
        self._snoozed = _parse_day(snoozed) if snoozed is not None else None
        self._cadence = int(cadence) if cadence is not None else None
        self._reconnect = _parse_day(reconnect) if reconnect is not None else None
        self._reminder = Reminder(_parse_day(reminder[0]), str(reminder[1])) if reminder is not None else None
        self._tags, self._text = [str(t) for t in tags], str(text)

    @property
    def company(self) -> str:
        if self._company is _UNREAD:
            self._thaw()
        return self._company

    @property
    def title(self) -> str:
        if self._title is _UNREAD:
            self._thaw()
        return self._title

    @property
    def created_at(self) -> datetime:
        if self._created is _UNREAD:
            self._thaw()
        return self._created

    @property
    def snoozed_until(self) -> date | None:
        if self._snoozed is _UNREAD:
            if not self.code & SNOOZED:
                return None
            self._thaw()
        return self._snoozed

    @property
    def cadence_days(self) -> int | None:
        if self._cadence is _UNREAD:
            if not self.code & CADENCE:
                return None
            self._thaw()
        return self._cadence

    @property
    def reconnect_on(self) -> date | None:
        if self._reconnect is _UNREAD:
            if not self.code & RECONNECT:
                return None
            self._thaw()
        return self._reconnect

    @property
    def reminder(self) -> Reminder | None:
        if self._reminder is _UNREAD:
            if not self.code & REMINDER:
                return None
            self._thaw()
        return self._reminder

    @property
    def tags(self) -> list[str]:
        if self._tags is _UNREAD:
            self._thaw()
        return self._tags

    @property
    def text(self) -> str:
        """The filter's text (`board.search.haystack`)."""
        if self._text is None and self._contact is not None:
            self._text = haystack(self._contact)
        elif self._text is _UNREAD:
            self._thaw()
        return self._text

    @property
    def last_touch(self) -> datetime:
        return self.last_interaction_at or self.created_at

    def cold_row(self) -> list[Any]:
        snoozed, reconnect, reminder = self.snoozed_until, self.reconnect_on, self.reminder
        return [
            self.company, self.title, self.created_at.isoformat(),
            snoozed.isoformat() if snoozed else None, self.cadence_days,
            reconnect.isoformat() if reconnect else None,
            [reminder.date.isoformat(), reminder.text] if reminder else None, self.tags, self.text,
        ]


def section_of(key: StatKey, facts: list[CardFacts]) -> tuple[dict[str, Any], bytes]:
    """A shard's cards as the card file's first line holds them, and their cold bytes."""
    cold = orjson.dumps([f.cold_row() for f in facts])
    lasts = []
    for f in facts:
        last = f.last_interaction_at
        lasts.append(last.isoformat() if last is not None else None)
    return {
        "key": list(key), "ids": [f.id for f in facts], "names": [f.name for f in facts],
        "lines": [f.line for f in facts], "codes": [f.code for f in facts],
        "days": [f.touch_day for f in facts], "lasts": lasts, "cold": [0, len(cold)], "sum": _digest(cold),
    }, cold


def _facts_of(section: dict[str, Any], path: Path, start: int, recover: Callable[[], dict[str, Contact]]) -> list[CardFacts]:
    """A section of the card file as facts (TypeError, ValueError or KeyError if it is not one)."""
    ids, names, lines, codes, days, lasts = (
        section["ids"], section["names"], section["lines"], section["codes"], section["days"], section["lasts"])
    (at, size), digest = section["cold"], section["sum"]
    count = len(ids)
    if (type(at) is not int or type(size) is not int or at < 0 or size < 0 or type(digest) is not str
            or type(ids) is not list
            or not all(type(c) is list and len(c) == count for c in (names, lines, codes, days, lasts))):
        raise TypeError("not a section")
    # Each column's types in one pass of C (a check per card in Python costs what building it does).
    if count and not (
        _types(ids) == _types(names) == _types(lines) == _STR and _types(codes) == _types(days) == _INT
        and _types(lasts) <= _STR_OR_NONE and 0 <= min(codes) and max(codes) < 128
        and 0 < min(days) and max(days) < 4_000_000
    ):
        raise TypeError("not a section")
    shared = Cold(path, start + at, size, digest, recover)
    return [CardFacts(ids[n], names[n], lines[n], codes[n], days[n], lasts[n], shared, n) for n in range(count)]


_STR, _INT, _STR_OR_NONE = {str}, {int}, {str, type(None)}


def _types(column: list[Any]) -> set[type]:
    return set(map(type, column))


Section = tuple[StatKey, list[CardFacts], dict[str, Any] | None]


class _Foreign(Exception):
    """The card file is not a card file: not ours, or damaged."""


class CardFile:
    """The cards of every contact shard: from `cards.json` where it still holds, else from
    the shard itself (the store's snapshot for shards it has loaded)."""

    def __init__(self, root: Path, cache: ShardCache) -> None:
        self.path = root / CARDS_FILE
        self.cache = cache
        self._disk: dict[str, dict[str, Any]] | None = None  # sections as read
        self._start = 0  # where the cold bytes begin (after the first line)
        self._sections: dict[str, Section] = {}  # from the file: the same objects each time
        self._built: dict[str, tuple[Entry, list[CardFacts], bool]] = {}  # from a loaded shard
        self._served: dict[str, StatKey | None] = {}  # each unloaded shard's key when served
        self.dirty = False  # cards were taken from shards that the file does not hold as they are
        self.failed = False  # the last reading of every shard's cards failed (a damaged shard)

    def _read(self) -> dict[str, dict[str, Any]]:
        """The first line of the card file: each shard's key and hot columns."""
        if self._disk is None:
            self._disk = {}
            try:
                with open(self.path, "rb") as handle:
                    header = handle.readline()
            except OSError:
                header = b""
            if header:
                try:
                    data = orjson.loads(header)
                    if data["version"] != CARDS_VERSION or data["zone"] != zone_mark():
                        raise ValueError("another version or time zone")
                    shards = data["shards"]
                    for rel, section in shards.items():
                        key = section["key"]
                        if rel not in CONTACT_REL_SET or len(key) != 3 or not all(type(k) is int for k in key):
                            raise ValueError(rel)
                    self._disk, self._start = shards, len(header)
                except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
                    self.dirty = True  # replaced at the next save, whatever it then holds
        return self._disk

    def cards(self) -> list[CardFacts]:
        """Every contact's card facts (archived included), under the store's shared lock."""
        self.failed = True  # until every shard is read: a damaged one writes no card file
        try:
            found = [facts for rel in CONTACT_RELS for facts in self._shard(rel)]
        except _Foreign:  # trusted in no part: every shard from the shards themselves
            self._disk, self._sections, self.dirty = {}, {}, True
            found = [facts for rel in CONTACT_RELS for facts in self._shard(rel)]
        self.failed = False
        return found

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
            section = disk.get(rel)
            if section is not None and tuple(section["key"]) == key and not racy(key):
                try:
                    facts = _facts_of(section, self.path, self._start, partial(self._contacts_of, rel))
                except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                    raise _Foreign from None
                self._sections[rel] = (key, facts, section)
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
        if recordable and (recorded is None or tuple(recorded["key"]) != entry.key):
            self.dirty = True
        return facts

    def _contacts_of(self, rel: str) -> dict[str, Contact]:
        """The contacts of a shard as it is now (when its cold card fields are not usable)."""
        return self.cache.shard_contacts(rel, self.cache.entry(rel)[0])

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
        if not self.dirty or self.failed:
            return
        shards: dict[str, dict[str, Any]] = {}
        colds: list[bytes] = []
        moved: list[tuple[Cold, int]] = []  # cold bytes kept, and where they go in the new file
        offset = 0
        for rel in CONTACT_RELS:
            entry = self.cache.files.get(rel)
            built = self._built.get(rel)
            section: dict[str, Any] | None = None
            if entry is not None and built is not None and built[0] is entry:
                if built[2] and entry.key is not None:
                    section, cold = section_of(entry.key, built[1])
            else:
                kept = self._sections.get(rel)
                if kept is not None and not racy(kept[0]) and kept[2] is not None:
                    shared = kept[1][0]._cold if kept[1] else None
                    raw = shared.raw() if isinstance(shared, Cold) else None
                    if raw is None or not isinstance(shared, Cold):
                        section, cold = section_of(kept[0], kept[1])
                    else:
                        section, cold = dict(kept[2]), raw
                        moved.append((shared, offset))
            if section is None:
                continue
            section["cold"] = [offset, len(cold)]
            shards[rel] = section
            colds.append(cold)
            offset += len(cold)
        header = dumps({"version": CARDS_VERSION, "zone": zone_mark(), "shards": shards})
        assert b"\n" not in header  # JSON escapes every newline inside a text
        # A cache: atomic so readers never see half of it, not worth an fsync.
        files.write_atomic(self.path, b"".join([header, b"\n", *colds]), durable=False)
        start = len(header) + 1
        for shared, at in moved:
            shared.at = start + at
        self._disk, self._start = shards, start
        self.dirty = False
