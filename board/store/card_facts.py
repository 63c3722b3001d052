"""A contact's card as the card file holds it (`board.store.cards`): `CardFacts`.

The fields the board draws, sorts and filters, under the same names as on `Contact`.
Most come from columns of the card file's first line; the rest of a card (the title and
company apart, the tags, the filter's text, a snooze or a reminder, the times) is one
JSON text per shard after that line (`Cold`), read and parsed when the first of its
cards needs one, and checked against its digest then.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from datetime import date, datetime
from itertools import repeat
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import orjson

from board.clock import local_date
from board.kinds import Reminder, Stage
from board.model import Contact
from board.search import haystack
from board.store.files import StatKey

STAGES = tuple(Stage)
_STAGE_INDEX = {stage: n for n, stage in enumerate(STAGES)}
# A card's code: its stage's index, then one bit per field that most people leave empty
# (read from the shard's cold text only for those who have it).
ARCHIVED, SNOOZED, REMINDER, RECONNECT, CADENCE = 4, 8, 16, 32, 64
_UNREAD: Any = object()
Fact = TypeVar("Fact")
_parse_time = datetime.fromisoformat
_parse_day = date.fromisoformat


def zone_mark() -> str:
    """What the local day of a moment depends on: $TZ, else the system's zone file (its
    size and CRC: a zone file replaced by another; zlib, not hashlib, which an open of
    the board would load for this alone)."""
    try:
        with open("/etc/localtime", "rb") as handle:
            raw = handle.read()
        system = f"{len(raw)}-{zlib.crc32(raw):08x}"
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

    __slots__ = ("path", "at", "size", "digest", "recover", "_raw", "_rows", "_texts", "_by_id")

    def __init__(
        self, path: Path | None, at: int, size: int, digest: str,
        recover: Callable[[], dict[str, Contact]], raw: bytes | None = None,
    ) -> None:
        self.path, self.at, self.size, self.digest = path, at, size, digest
        self.recover = recover
        self._raw = raw  # the bytes, while not yet in a file
        self._rows: list[list[Any]] | None = None
        self._texts: list[str] | None = None  # the rows' filter texts alone (`text`)
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
            self._rows = self._parsed()
        if self._rows is not None and at < len(self._rows):
            return self._rows[at]
        found = (self._by_id or {}).get(contact_id)
        return found if found is not None else ["", "", "1970-01-01T00:00:00+00:00", None, None, None, None, [], ""]

    def text(self, at: int, contact_id: str) -> str:
        """A card's filter text alone. The filter's first pass asks every card's: the rest
        of the rows then go, where thawing every card kept them (60 MiB at 100,000)."""
        texts = self._texts
        if texts is None:
            rows = self._rows
            if rows is None and self._by_id is None:
                rows = self._parsed()
            if rows is not None:
                texts = self._texts = [row[8] for row in rows]
        if texts is not None and at < len(texts):
            return texts[at]
        return str(self.row(at, contact_id)[8])

    def _parsed(self) -> list[list[Any]] | None:
        """The rows, checked (None, with the cards' rows recovered from the shard, if they
        are not what was written)."""
        raw = self.raw()
        try:
            if raw is None:
                raise ValueError("not as written")
            rows = orjson.loads(raw)
            if type(rows) is not list or not all(_cold_shape(row) for row in rows):
                raise ValueError("not cold rows")
            return cast(list[list[Any]], rows)
        except (orjson.JSONDecodeError, ValueError):
            self._by_id = {cid: CardFacts.of(c).cold_row() for cid, c in self.recover().items()}
            return None


def _digest(raw: bytes) -> str:
    import hashlib  # (only when cold facts are read or written: after the first frame)

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


class _Thawed(Generic[Fact]):
    """A card fact from its shard's cold text, read when first asked (`CardFacts.thaw`):
    item `at` of the card's `_more`, or (`at` None) a slot of its own; with a `flag`, one
    most people leave empty, None without reading when the card's code says so. A card
    that holds its contact reads it there."""

    __slots__ = ("name", "at", "flag", "slot")

    def __init__(self, name: str, at: int | None, flag: int = 0, slot: str = "_more") -> None:
        self.name, self.at, self.flag, self.slot = name, at, flag, slot

    def __get__(self, card: CardFacts, owner: type | None = None) -> Fact:
        contact = card._contact
        if contact is not None:
            return cast(Fact, getattr(contact, self.name))
        held = getattr(card, self.slot, _UNREAD)  # (an unset slot: not read yet)
        if held is _UNREAD:
            if self.flag and not card.code & self.flag:
                return None  # type: ignore[return-value]  # (flagged facts are optional)
            card.thaw()
            held = getattr(card, self.slot)
        return cast(Fact, held if self.at is None else held[self.at])


class CardFacts:
    """One contact as the board needs it, under the same names as on `Contact` (the
    triage and search rules read these fields of either)."""

    __slots__ = (
        "id", "name", "line", "code", "touch_day", "_last", "_snoozed", "_text", "_more",
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
        # The rest (`_more`: company, title, created, cadence, reconnect day, reminder, tags;
        # the snooze and the filter's text on their own) stay unset until `thaw` (an unset
        # slot reads as not read yet): a slot each took a third of the card's memory.
        if contact is not None:
            self._text: str | None = None  # (worked out when first asked)

    @classmethod
    def of(cls, contact: Contact, *, keep: bool = True) -> CardFacts:
        """The card of `contact` (holding on to it unless `keep` is False: every card
        field is copied, and the card's `Card.read` reads the whole contact again)."""
        code = _STAGE_INDEX[contact.stage]
        code |= ARCHIVED if contact.archived else 0
        code |= SNOOZED if contact.snoozed_until is not None else 0
        code |= REMINDER if contact.reminder is not None else 0
        code |= RECONNECT if contact.reconnect_on is not None else 0
        code |= CADENCE if contact.cadence_days is not None else 0
        line = " · ".join(x for x in (contact.title, contact.company) if x)
        facts = cls(contact.id, contact.name, line, code, local_date(contact.last_touch).toordinal(),
                    contact.last_interaction_at, contact=contact)
        if not keep:  # (every fact now, while the contact is at hand)
            facts._text, facts._snoozed, facts._contact = haystack(contact), contact.snoozed_until, None
            facts._more = (contact.company, contact.title, contact.created_at, contact.cadence_days,
                           contact.reconnect_on, contact.reminder, contact.tags)
        return facts

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
    def cold(self) -> Cold | None:
        """Where the rest of these facts is (None: taken from a contact)."""
        return self._cold

    @property
    def contact(self) -> Contact | None:
        """The contact these facts were taken from (None: read from the card file)."""
        return self._contact

    def set_snoozed(self, day: date | None) -> None:
        """The snooze's end, known already (a card of the board's front, `board.front`)."""
        self._snoozed = day

    # -- the rest, from the shard's cold text when first asked (None when the code says so)

    def thaw(self) -> None:
        """Read this card's cold facts (and its shard's, parsed once for all its cards)."""
        assert self._cold is not None
        company, title, created, snoozed, cadence, reconnect, reminder, tags, text = self._cold.row(self._at, self.id)
        self._more = (
            str(company), str(title), _parse_time(created),
            int(cadence) if cadence is not None else None,
            _parse_day(reconnect) if reconnect is not None else None,
            Reminder(_parse_day(reminder[0]), str(reminder[1])) if reminder is not None else None,
            [str(t) for t in tags],
        )
        if getattr(self, "_snoozed", _UNREAD) is _UNREAD:  # (known already: `set_snoozed`)
            self._snoozed = _parse_day(snoozed) if snoozed is not None else None
        self._text = str(text)

    company = _Thawed[str]("company", 0)
    title = _Thawed[str]("title", 1)
    created_at = _Thawed[datetime]("created_at", 2)
    cadence_days = _Thawed[int | None]("cadence_days", 3, CADENCE)
    reconnect_on = _Thawed[date | None]("reconnect_on", 4, RECONNECT)
    reminder = _Thawed[Reminder | None]("reminder", 5, REMINDER)
    tags = _Thawed[list[str]]("tags", 6)

    snoozed_until = _Thawed[date | None]("snoozed_until", None, SNOOZED, slot="_snoozed")  # (the front sets it)

    @property
    def text(self) -> str:
        """The filter's text (`board.search.haystack`)."""
        text = getattr(self, "_text", _UNREAD)
        if text is None and self._contact is not None:
            text = self._text = haystack(self._contact)
        elif text is _UNREAD:
            assert self._cold is not None
            text = self._text = self._cold.text(self._at, self.id)
        return text

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


def section_of(key: StatKey, facts: list[CardFacts], cold: bytes | None = None) -> tuple[dict[str, Any], bytes]:
    """A shard's cards as the card file's first line holds them, and their cold bytes
    (`cold`: as read, for facts from the card file whose cold bytes are still good)."""
    if cold is None:
        cold = orjson.dumps([f.cold_row() for f in facts])
    lasts = []
    for f in facts:
        last = f._last
        lasts.append(last.isoformat() if isinstance(last, datetime) else last)
    return {
        "key": list(key), "ids": [f.id for f in facts], "names": [f.name for f in facts],
        "lines": [f.line for f in facts], "codes": [f.code for f in facts],
        "days": [f.touch_day for f in facts], "lasts": lasts, "cold": [0, len(cold)], "sum": _digest(cold),
    }, cold


def facts_of_section(section: dict[str, Any], path: Path, start: int, recover: Callable[[], dict[str, Contact]]) -> list[CardFacts]:
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
    return list(map(CardFacts, ids, names, lines, codes, days, lasts, repeat(shared, count), range(count)))


_STR, _INT, _STR_OR_NONE = {str}, {int}, {str, type(None)}


def _types(column: list[Any]) -> set[type]:
    return set(map(type, column))
