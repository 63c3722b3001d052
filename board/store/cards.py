"""The card file: what the board draws, sorts and filters of each contact, kept beside the data.

Opening a board of 30,000 contacts used to mean parsing every shard (27 MB) and building
every `Contact` before the first frame. The board needs much less of each person to
paint: the name, the title and company line, the stage and what decides the due date.
`cards.json` holds that per contact shard, in columns (a few lists per shard rather
than a record per person: parsing is then a matter of milliseconds), with the stat key
(inode, size, mtime_ns) the shard had when its cards were taken from it. The rest of a
card (tags, the filter's text, a snooze or a reminder, the times) is one JSON text per
shard after the file's first line, parsed when one of its cards first needs it (the
cards themselves: `card_facts`). A shard whose file still has its
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

The file's last line may be the board's front (`board.front`: each column's count and
first cards for a day and config, with every contact shard's key and a CRC), read on its
own by `front`: a board reopened with all of that unchanged paints its first frame from
it. A day's first open replaces just that line (`_write_front`: the rest copied as is), and
a board closed after changes keeps its new front so (`keep_front`).
"""

from __future__ import annotations

import os
import tempfile
import zlib
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from board.model import Contact
from board.store import files
from board.store.card_facts import CardFacts, Cold, facts_of_section, section_of, zone_mark
from board.store.files import StatKey, dumps, racy, stat_key
from board.store.layout import CONTACT_REL_SET, CONTACT_RELS, CONTACTS, file_of
from board.store.shards import Entry, ShardCache

CARDS_FILE = "cards.json"
CARDS_VERSION = 3  # 3: the filter's text folded (accents off), see board.search.haystack
FRONT_VERSION = 1  # the board's front (`front`): the file's last line, read on its own
FRONT_TAIL = 1 << 17  # the most bytes the front may take (it is read as the file's tail)


Section = tuple[StatKey, list[CardFacts]]


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
        self._front: tuple[int, str] | None = None  # the day and config the file's front held for
        # Each shard's key as the last `cards()` took its cards (None: not to be recorded).
        self._taken: dict[str, StatKey | None] = {}

    def _read(self) -> dict[str, dict[str, Any]]:
        """The first line of the card file: each shard's key and hot columns."""
        if self._disk is None:
            self._disk = {}
            try:
                header = _first_line(self.path)
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
        self._taken = {}
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
            key = stat_key(self.cache.path(rel))
            self._served[rel] = key
            if key is None:
                return []
            kept = self._sections.get(rel)
            if kept is not None and kept[0] == key:
                self._taken[rel] = key
                return kept[1]
            disk = self._read()
            section = disk.get(rel)
            # (A section whose columns were made into facts already keeps only its key.)
            if section is not None and "ids" in section and tuple(section["key"]) == key and not racy(key):
                try:
                    facts = facts_of_section(section, self.path, self._start, partial(self._contacts_of, rel))
                except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                    raise _Foreign from None
                self._sections[rel] = (key, facts)
                disk[rel] = {"key": section["key"]}  # the columns live on as the facts
                self._taken[rel] = key
                return facts
            entry = self.cache.entry(rel)[0]
        elif entry.contacts is None and entry.key is not None:  # (read for its records alone)
            kept = self._sections.get(rel)
            if kept is not None and kept[0] == entry.key:  # the very version its cards were made of
                self._taken[rel] = entry.key
                return kept[1]
        self._served.pop(rel, None)
        built = self._built.get(rel)
        if built is not None and built[0] is entry:
            self._taken[rel] = entry.key if built[2] else None
            return built[1]
        notes = len(self.cache.notes)
        # Built for their cards, a shard's contacts are not kept unless they were already:
        # the cards have what the board draws, and a card reads its contact when asked.
        contacts = self.cache.passing_contacts(rel, entry)
        held = entry.contacts is contacts
        facts = [CardFacts.of(contact, keep=held) for contact in contacts.values()]
        # Clamped values are told each time they are read: such a shard is not recorded.
        recordable = len(self.cache.notes) == notes and entry.key is not None and not racy(entry.key)
        self._built[rel] = (entry, facts, recordable)
        self._taken[rel] = entry.key if recordable else None
        self._sections.pop(rel, None)
        recorded = self._read().get(rel)
        if recordable and (recorded is None or tuple(recorded["key"]) != entry.key):
            self.dirty = True
        return facts

    def _contacts_of(self, rel: str) -> dict[str, Contact]:
        """The contacts of a shard as it is now (when its cold card fields are not usable)."""
        return self.cache.shard_contacts(rel, self.cache.entry(rel)[0])

    def front(self, day: int, config: str) -> dict[str, Any] | None:
        """The board's front as the card file's last line holds it (`board.front`), if it
        was worked out on `day` (ordinal) under `config` (its mark) from every contact
        shard as it is now on disk, else None. Its rows are checked by their reader.

        Read on its own (a few KB at the file's end), so that a board painted from it
        parses the rest of the card file only after its first frame.
        """
        try:
            with open(self.path, "rb", buffering=0) as handle:
                size = os.fstat(handle.fileno()).st_size
                handle.seek(max(0, size - FRONT_TAIL))
                tail = handle.read(FRONT_TAIL)
        except OSError:
            return None
        start = _front_at(tail)
        if start is None:
            return None
        try:
            front = orjson.loads(tail[start + 1: -1].rpartition(b" ")[0])
        except orjson.JSONDecodeError:
            return None
        if (type(front) is not dict or front.get("front") != FRONT_VERSION or front.get("zone") != zone_mark()
                or front.get("day") != day or front.get("config") != config or type(front.get("keys")) is not dict):
            return None
        keys = front["keys"]
        for rel in CONTACT_RELS:
            if rel in self.cache.files:
                return None
            key, recorded = stat_key(self.cache.path(rel)), keys.get(rel)
            if (None if recorded is None else tuple(recorded)) != key:
                return None
        self._front = (day, config)
        return front

    def front_facts(self, row: list[Any]) -> CardFacts:
        """A front row's card facts (`board.front`): its id, name, line, code, day and last
        time; the rest read from its shard when first asked (the file is not read for it)."""
        cid = row[0]
        recover = partial(self._contacts_of, file_of(CONTACTS, cid))
        return CardFacts(cid, row[1], row[2], row[3], row[4], row[5], Cold(None, 0, 0, "", recover))

    def moved(self) -> bool:
        """True if a shard served from the file (not loaded) has changed on disk since."""
        moved = False
        for rel, served in list(self._served.items()):
            if rel in self.cache.files:
                continue
            key = stat_key(self.cache.path(rel))
            if key != served:
                self._served[rel] = key
                moved = True
        return moved

    def save(self, front: dict[str, Any] | None = None) -> None:
        """Rewrite the card file if shards were read that it does not hold as they are, with
        `front` (the board's front: `board.front.front_of`, worked out from these very
        cards) at its end; if it holds them all, only its front, if that did not hold at
        this open (the day's first, say)."""
        if self.failed:
            return
        if not self.dirty:
            if front is not None and self._front != (front["day"], front["config"]):
                # The cards as they are: only the front is new.
                self._write_front(front, {rel: section["key"] for rel, section in self._read().items()})
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
                if kept is not None and not racy(kept[0]):
                    shared = kept[1][0].cold if kept[1] else None
                    raw = shared.raw() if shared is not None else None
                    if raw is None or shared is None:
                        section, cold = section_of(kept[0], kept[1])
                    else:
                        section, cold = section_of(kept[0], kept[1], raw)
                        moved.append((shared, offset))
            if section is None:
                continue
            section["cold"] = [offset, len(cold)]
            shards[rel] = section
            colds.append(cold)
            offset += len(cold)
        header = dumps({"version": CARDS_VERSION, "zone": zone_mark(), "shards": shards})
        assert b"\n" not in header  # JSON escapes every newline inside a text
        tail = b"" if front is None else _front_line(front, {rel: section["key"] for rel, section in shards.items()},
                                                    self.cache)
        # A cache: atomic so readers never see half of it, not worth an fsync.
        files.write_atomic(self.path, b"".join([header, b"\n", *colds, tail]), durable=False)
        start = len(header) + 1
        for shared, at in moved:
            shared.at = start + at
        self._disk, self._start = {rel: {"key": section["key"]} for rel, section in shards.items()}, start
        self.dirty = False
        if tail:
            self._front = (front["day"], front["config"])  # type: ignore[index]  # (a tail: a front)


    def keep_front(self, front: dict[str, Any]) -> None:
        """Keep `front`, made from the cards the last `cards()` gave, as the file's front
        (its cards left as they are: the next open reads those of changed shards from the
        shards), if every shard's cards were taken as they can be recorded."""
        if self.failed or not self._taken or any(key is None or racy(key) for key in self._taken.values()):
            return
        self._write_front(front, {rel: list(key) for rel, key in self._taken.items() if key is not None})

    def _write_front(self, front: dict[str, Any], keys: dict[str, Any]) -> None:
        """The card file as it is, its last line now `front` (for shards with `keys`): its
        bytes copied as they are (no card is written again) into the file replacing it."""
        tail = _front_line(front, keys, self.cache)
        if not tail:
            return
        with open(self.path, "rb") as source:
            size = os.fstat(source.fileno()).st_size
            source.seek(max(0, size - FRONT_TAIL))
            end = source.read()
            at = _front_at(end)
            kept = size if at is None else size - len(end) + at
            if kept < self._start:
                return  # not the file this open read
            source.seek(0)
            fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=files.TEMP_SUFFIX, dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as target:
                    _copy(source, target, kept)
                    target.write(tail)
                os.replace(temp, self.path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        self._front = (front["day"], front["config"])


def _copy(source: BinaryIO, target: BinaryIO, size: int) -> None:
    """The first `size` bytes of `source` into `target`, by the kernel where it can (no
    buffer in this process: the copy adds nothing to the board's memory)."""
    done = 0
    try:
        while done < size and (step := os.copy_file_range(source.fileno(), target.fileno(), size - done, done, done)):
            done += step
    except (AttributeError, OSError):  # (no copy_file_range here, or not between these files)
        pass
    source.seek(done)
    target.seek(done)
    while done < size and (block := source.read(min(size - done, 1 << 16))):
        target.write(block)
        done += len(block)


def _front_line(front: dict[str, Any], keys: dict[str, Any], cache: ShardCache) -> bytes:
    """The card file's last line holding `front` (with its CRC: damage is seen), for cards
    recorded from shards with `keys`; empty if some contact shard on disk is not among
    them (its cards are not recorded: the front could never hold)."""
    if any(rel not in keys and stat_key(cache.path(rel)) is not None for rel in CONTACT_RELS):
        return b""
    body = dumps({**front, "front": FRONT_VERSION, "zone": zone_mark(), "keys": keys})
    tail = b"\n" + body + f" {zlib.crc32(body):08x}\n".encode()
    return tail if len(tail) < FRONT_TAIL else b""


def _front_at(end: bytes) -> int | None:
    """Where in `end` (a card file's last bytes) its front's line begins (its newline), if
    it ends with one."""
    start = end.rfind(b"\n", 0, len(end) - 1)
    if not end.endswith(b"\n") or start < 0:
        return None
    body, _, crc = end[start + 1: -1].rpartition(b" ")
    return start if f"{zlib.crc32(body):08x}".encode() == crc else None


def _first_line(path: Path) -> bytes:
    """The file's first line, its newline included (the whole file if it has none), read
    in large blocks: `readline` reads 8 KB at a time, and a large board's first line is
    most of its card file (4 MB at 30,000 contacts: 2 ms against 0.3 ms)."""
    parts: list[bytes] = []
    with open(path, "rb", buffering=0) as handle:
        while block := handle.read(1 << 20):
            end = block.find(b"\n")
            if end >= 0:
                parts.append(block[: end + 1])
                break
            parts.append(block)
    return b"".join(parts)
