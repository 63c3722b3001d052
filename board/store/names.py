"""The name index: lets a command that names one contact skip parsing all the others.

`index.json` records, for each contact shard, the stat key it had when it was parsed
and checked, and where each contact is, as two sorted texts of one short line per
contact: folded name then shard, and the first 12 characters of the id then shard. A
shard whose file still has its recorded key is trusted without parsing; any other is
parsed and checked. Finding `trustboard log NAME` among 30,000 contacts is a binary
search in the bytes of one file (lines decoded only as they are looked at), then parsing the shard(s) where a candidate lives, instead of
parsing (or comparing) every contact; and a damaged shard is still refused. It is only a cache: whatever is wrong with it, it is
ignored (and rewritten by the next writer), never reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import orjson

from board.model import Contact
from board.store import files
from board.store.files import StatKey, dumps, key_of, racy, read_with_key, stat_key
from board.store.layout import CONTACT_REL_SET, CONTACT_RELS, CONTACTS, INDEX_FILE, rel
from board.store.shards import Entry, ShardCache
from board.store.vouched import Vouched

INDEX_VERSION = 4
INDEX_GAIN = 16  # a writer rewrites the index once it would spare readers this many parses


SEP = "\x7f"  # between a line's fields: not in folded names, and JSON needs no escape for it
ID_CHARS = 12  # of an id, in the index: a longer prefix is checked on the shard itself


def fold(name: str) -> str:
    """A name as CONTACT arguments are matched: stripped, lowercase."""
    return name.strip().lower()


def _line_text(text: str) -> str:
    """A folded name or query as an index line holds it (on one line, no separator)."""
    return text.replace("\n", " ").replace(SEP, " ")


NEWLINE = b"\\n"  # a line's end, as the JSON text of the names and ids holds it
NAMES_AT = b',"names":"'
IDS_AT = b'","ids":"'


class Unusable(Exception):
    """index.json is not what this version writes (found while reading its lines)."""


def _escaped(raw: bytes, at: int) -> bool:
    """True if the byte at `at`, inside a JSON string, is escaped (an odd run of backslashes
    before it): the string's opening quote always stops the run. Counted a window at a
    time in C, so that even a file of nothing but backslashes is read in linear time."""
    run = 0
    while True:
        window = raw[max(0, at - run - 256) : at - run]
        found = len(window) - len(window.rstrip(b"\\"))
        run += found
        if found < len(window) or not window:
            return run % 2 == 1


def _string_end(raw: bytes, start: int) -> int:
    """Where the JSON string whose text begins at `start` closes (its quote), or -1."""
    at = raw.find(b'"', start)
    while at >= 0 and _escaped(raw, at):
        at = raw.find(b'"', at + 1)
    return at


class Lines:
    """A sorted text of lines as index.json holds it: the bytes of one JSON string.

    Searched in those bytes, each line decoded only when looked at: a command that names
    one contact reads a few lines, never the whole text (a megabyte at 30,000 contacts,
    parsed into two more megabytes of strings: most of what a large board added to
    `trustboard log`). `text` decodes it all, for a writer that rewrites the index.
    """

    __slots__ = ("raw", "start", "end")

    def __init__(self, raw: bytes, start: int, end: int) -> None:
        self.raw, self.start, self.end = raw, start, end  # the string's text: raw[start:end]

    def text(self) -> str:
        try:
            return cast(str, orjson.loads(self.raw[self.start - 1 : self.end + 1]))
        except orjson.JSONDecodeError:
            raise Unusable from None

    def _line(self, start: int, end: int) -> str:
        try:
            return cast(str, orjson.loads(b'"' + self.raw[start:end] + b'"'))
        except orjson.JSONDecodeError:
            raise Unusable from None

    def _line_end(self, pos: int) -> int:
        """The end of the line holding `pos` (where its newline starts), or the text's end."""
        raw = self.raw
        at = raw.find(NEWLINE, pos, self.end)
        while at >= 0 and _escaped(raw, at):
            at = raw.find(NEWLINE, at + 1, self.end)
        return self.end if at < 0 else at

    def _line_start(self, lo: int, pos: int) -> int:
        """The start of the line holding `pos`, no earlier than `lo` (a line start)."""
        raw = self.raw
        at = raw.rfind(NEWLINE, lo, pos)
        while at >= 0 and _escaped(raw, at):
            at = raw.rfind(NEWLINE, lo, at)
        return lo if at < 0 else at + len(NEWLINE)

    def starting_with(self, prefix: str) -> Iterator[str]:
        """The lines that start with `prefix`, by binary search (as `starting_with`)."""
        lo, hi = self.start, self.end
        while lo < hi:  # invariant: lo and hi are line starts (or the end)
            mid = (lo + hi) // 2
            start = self._line_start(lo, mid)
            end = self._line_end(start)
            if self._line(start, end) < prefix:
                lo = min(end + len(NEWLINE), self.end)
            else:
                hi = start
        pos = lo
        while pos < self.end:
            end = self._line_end(pos)
            line = self._line(pos, end)
            if not line.startswith(prefix):
                return
            yield line
            pos = end + len(NEWLINE)


@dataclass(slots=True)
class IndexView:
    """index.json as read: each shard's recorded key, and the two sorted texts."""

    keys: dict[str, StatKey]
    counts: dict[str, int]  # contacts per shard
    name_lines: Lines | None  # "folded name SEP shard\n" lines, sorted
    id_lines: Lines | None  # "first 12 characters of the id SEP shard\n" lines, sorted

    @property
    def names(self) -> str:
        return self.name_lines.text() if self.name_lines is not None else ""

    @property
    def ids(self) -> str:
        return self.id_lines.text() if self.id_lines is not None else ""


EMPTY = IndexView({}, {}, None, None)


def parse_view(raw: bytes) -> IndexView:
    """index.json's bytes as an `IndexView`: its shard keys parsed, its two texts found
    (ValueError and the like if it is not as this version writes it)."""
    names_at = raw.find(NAMES_AT)
    if names_at < 0:
        raise ValueError("no names")
    names_start = names_at + len(NAMES_AT)
    names_end = _string_end(raw, names_start)
    if names_end < 0 or not raw.startswith(IDS_AT, names_end):
        raise ValueError("no ids")
    ids_start = names_end + len(IDS_AT)
    ids_end = _string_end(raw, ids_start)
    if ids_end < 0 or raw[ids_end + 1 :] != b"}":
        raise ValueError("not as written")
    data = orjson.loads(raw[:names_at] + b"}")
    if data["version"] != INDEX_VERSION:
        raise ValueError("another version")
    keys: dict[str, StatKey] = {}
    counts: dict[str, int] = {}
    for name, item in data["shards"].items():  # [inode, size, mtime_ns, contacts]
        if name not in CONTACT_REL_SET or len(item) != 4 or not all(type(k) is int for k in item):
            raise ValueError(name)
        keys[name] = cast(StatKey, tuple(item[:3]))
        counts[name] = item[3]
    if len(data) != 2:
        raise ValueError("unexpected keys")
    return IndexView(keys, counts, Lines(raw, names_start, names_end), Lines(raw, ids_start, ids_end))


class NameIndex:
    """index.json of one data directory, as read and (by writers) rewritten."""

    def __init__(self, root: Path, cache: ShardCache) -> None:
        self.root = root
        self.cache = cache
        self._read: tuple[StatKey, IndexView] | None = None
        self.hits = 0  # shards the index on disk vouched for at the last check
        self._seen: dict[str, StatKey] = {}  # unloaded shards' keys at the last check
        self.looked: dict[str, tuple[StatKey | None, int]] = {}  # shards `vouch` read: key, records
        # Shards loaded at the last check whose key the index does not hold (and could): no
        # rewrite can gain more (`maybe_write`, which then need not look at every shard).
        self._unheld = len(CONTACT_RELS)
        self._vouched: Vouched | None = None  # the last answer over loaded shards (`vouched`)

    def read(self) -> IndexView:
        """index.json as an `IndexView` (empty if missing or unusable)."""
        path = self.root / INDEX_FILE
        if self._read is not None and self._read[0] == stat_key(path):
            return self._read[1]  # (each transaction asks twice: a stat, not a read of the file)
        try:
            found = read_with_key(path)
        except OSError:  # not a file we can read (a directory, say): a cache, taken as missing
            return EMPTY
        if found is None:
            return EMPTY
        key, raw = found
        if self._read is not None and self._read[0] == key:
            return self._read[1]
        try:
            view = parse_view(raw)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            view = EMPTY
        self._read = (key, view)
        return view

    def recorded_key(self, rel_path: str) -> StatKey | None:
        return self.read().keys.get(rel_path)

    def recorded_count(self, rel_path: str, key: StatKey) -> int | None:
        """How many contacts the shard held when `vouch` read or the index recorded this key."""
        looked, view = self.looked.get(rel_path), self.read()
        found = looked[1] if looked is not None and looked[0] == key else None
        return found if found is not None or view.keys.get(rel_path) != key else view.counts.get(rel_path)

    def vouch(self, *, recheck_loaded: bool = True) -> set[str]:
        """Make sure every contact shard is readable; those the index holds as they are now.

        A shard already loaded is re-checked by its stat key (unless `recheck_loaded` is
        False: inside a transaction, which re-reads whatever it touches); one that is not is
        trusted unparsed if index.json recorded this very key for it (parsed and checked then;
        it records only keys old enough to be unambiguous); any other is parsed and checked
        now (`look_at`). With every shard loaded, the answer is kept up to date (`vouched`)."""
        view = self.read()
        keys = view.keys
        loaded = self.cache.files
        memo, changed = self._vouched, self.cache.take_changed()
        if (not recheck_loaded and memo is not None and memo.view is view and changed is not None
                and memo.update(changed, loaded, keys, racy)):
            self._seen = {}
            self.hits, self._unheld = len(memo.indexed), len(memo.unheld)
            return set(memo.indexed)
        fresh: Vouched | None = Vouched(view)
        indexed: set[str] = set()
        self._seen = seen = {}
        unheld = 0
        for rel_path in CONTACT_RELS:
            recorded = keys.get(rel_path)
            entry = loaded.get(rel_path)
            if entry is not None:
                key = self.cache.entry(rel_path)[0].key if recheck_loaded else entry.key
                if key is not None and key == recorded:
                    indexed.add(rel_path)
                elif key is not None and not racy(key):  # (a racy one cannot be recorded yet)
                    unheld += 1
                if fresh is not None:
                    fresh.classify(rel_path, key, recorded, racy)
                continue
            fresh = None  # a shard not loaded: looked at now, and at every vouch until loaded
            try:
                st = os.stat(self.cache.path(rel_path))
            except FileNotFoundError:
                continue
            seen[rel_path] = key_of(st)
            if recorded is not None and recorded == seen[rel_path]:
                indexed.add(rel_path)
            else:
                self.looked[rel_path] = self.cache.look_at(rel_path)
                unheld += 1
        self.cache.take_changed()  # (the entries it loaded, it saw as they are)
        self._vouched = fresh
        self.hits = len(indexed)
        self._unheld = unheld
        return indexed

    def candidates(self, text: str, archived: bool | None) -> list[Contact]:
        """Every contact whose id is `text`, or whose id or folded name starts with it.

        Builds only the candidates: the index says which shards may hold one, and only
        those are parsed and scanned (with the shards changed since it was written,
        loaded already).
        """
        lowered = text.lower()
        indexed = self.vouch()
        view = self.read()
        shards: set[str] = set()
        if indexed:
            try:
                shards = self._shards_of(view, text, lowered)
            except Unusable:  # damaged where no check looked before: as if it were not there
                self._unusable()
                return self.candidates(text, archived)
        scan = [r for r in CONTACT_RELS if r not in indexed and r in self.cache.files]
        scan.extend(r for r in sorted(rel(CONTACTS, shard) for shard in shards) if r in indexed)
        picked: list[Contact] = []
        for rel_path in scan:
            entry = self.cache.entry(rel_path)[0]
            for cid, doc in entry.data.get(CONTACTS, {}).items():
                if archived is not None and bool(doc.get("archived", False)) != archived:
                    continue
                if cid == text or cid.startswith(lowered) or fold(doc["name"]).startswith(lowered):
                    made = entry.contacts
                    picked.append(made[cid] if made else self.cache.build_contact(rel_path, doc))
        return picked

    @staticmethod
    def _shards_of(view: IndexView, text: str, lowered: str) -> set[str]:
        """The shards the index says hold a contact whose folded name or id starts so."""
        shards: set[str] = set()
        if view.name_lines is not None and view.id_lines is not None:
            for line in view.name_lines.starting_with(_line_text(lowered)):
                shards.add(line[-2:])
            for prefix in {lowered[:ID_CHARS], text[:ID_CHARS]}:
                for line in view.id_lines.starting_with(prefix):
                    shards.add(line[-2:])
        return shards

    def _unusable(self) -> None:
        """index.json is damaged where no check looked when it was read: taken as missing
        (each shard is parsed), and removed, so that the next writer writes it anew.

        Only called under the lock (shared or exclusive): no writer is replacing it.
        """
        if self._read is not None:
            key = self._read[0]
            self._read = (key, EMPTY)
            path = self.root / INDEX_FILE
            if stat_key(path) == key:
                files.unlink_quietly(path)

    def maybe_write(self) -> None:
        """Under the exclusive lock: rewrite index.json if it would spare readers enough parses.

        Called in the transaction that vouched (same lock): the unloaded shards' keys it
        saw then are still theirs, so they are not looked at again.
        """
        view = self.read()
        if view.keys and min(len(CONTACT_RELS) - self.hits, self._unheld) < INDEX_GAIN:
            return  # too few shards out of the index to be worth a rewrite, whatever changed
        vouched: list[tuple[str, StatKey, Entry | None]] = []  # counted first: building costs
        counts: dict[str, int] = {}
        for rel_path in CONTACT_RELS:
            entry = self.cache.files.get(rel_path)
            recorded = view.keys.get(rel_path)
            if entry is not None:
                if entry.key is not None and entry.key == recorded:
                    # Still as the index holds it: its lines are taken from the index, not
                    # from its records (which a shard whose parse was let go reads again).
                    vouched.append((rel_path, recorded, None))
                    counts[rel_path] = view.counts.get(rel_path, 0)
                elif entry.key is not None and not racy(entry.key):
                    vouched.append((rel_path, entry.key, entry))
                    built = entry.contacts  # one per record: no parse needed to count them
                    counts[rel_path] = len(built) if built is not None else len(entry.data.get(CONTACTS, {}))
                continue
            if recorded is not None and self._seen.get(rel_path) == recorded:
                vouched.append((rel_path, recorded, None))
                counts[rel_path] = view.counts.get(rel_path, 0)
        gain = len(vouched) - self.hits
        if gain < INDEX_GAIN and (gain <= 0 or view.keys):
            return
        from_index = {rel_path[-7:-5] for rel_path, _, entry in vouched if entry is None}
        try:
            names = [line for line in view.names.splitlines() if line[-2:] in from_index]
            ids = [line for line in view.ids.splitlines() if line[-2:] in from_index]
        except Unusable:  # damaged in its texts: rewritten from the shards alone
            self._unusable()
            return self.maybe_write()
        for rel_path, _, entry in vouched:
            if entry is None:
                continue
            shard = rel_path[-7:-5]
            for cid, doc in entry.data.get(CONTACTS, {}).items():
                names.append(f"{_line_text(fold(doc['name']))}{SEP}{shard}")
                ids.append(f"{_line_text(cid[:ID_CHARS])}{SEP}{shard}")
        names.sort()
        ids.sort()
        body: dict[str, Any] = {
            "version": INDEX_VERSION,
            "shards": {rel_path: [*key, counts[rel_path]] for rel_path, key, _ in vouched},
            "names": "\n".join([*names, ""]),  # each line ended (one join, no line built per line)
            "ids": "\n".join([*ids, ""]),
        }
        # A cache: atomic so readers never see half of it, but not worth an fsync; one
        # that cannot be written (a directory in its place, say) is left as it is.
        try:
            files.write_atomic(self.root / INDEX_FILE, dumps(body), durable=False)
        except OSError:
            return
        self.hits = len(vouched)
