"""The name index: lets a command that names one contact skip parsing all the others.

`index.json` records, for each contact shard, the stat key it had when it was parsed
and checked, and where each contact is, as two sorted texts of one short line per
contact: folded name then shard, and the first 12 characters of the id then shard. A
shard whose file still has its recorded key is trusted without parsing; any other is
parsed and checked. Finding `trustboard log NAME` among 30,000 contacts is a binary
search in one small file, then parsing the shard(s) where a candidate lives, instead of
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


@dataclass(slots=True)
class IndexView:
    """index.json as read: each shard's recorded key, and the two sorted texts."""

    keys: dict[str, StatKey]
    counts: dict[str, int]  # contacts per shard
    names: str  # "folded name SEP shard\n" lines, sorted
    ids: str  # "first 12 characters of the id SEP shard\n" lines, sorted


EMPTY = IndexView({}, {}, "", "")


def starting_with(text: str, prefix: str) -> Iterator[str]:
    """The lines of a sorted text that start with `prefix`, by binary search."""
    lo, hi = 0, len(text)
    while lo < hi:  # invariant: lo and hi are line starts (or the end)
        mid = (lo + hi) // 2
        start = text.rfind("\n", 0, mid) + 1
        if start < lo:
            start = lo
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end] < prefix:
            lo = end + 1
        else:
            hi = start
    pos = lo
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if not line.startswith(prefix):
            return
        yield line
        pos = end + 1


class NameIndex:
    """index.json of one data directory, as read and (by writers) rewritten."""

    def __init__(self, root: Path, cache: ShardCache) -> None:
        self.root = root
        self.cache = cache
        self._read: tuple[StatKey, IndexView] | None = None
        self.hits = 0  # shards the index on disk vouched for at the last check
        self._seen: dict[str, StatKey] = {}  # unloaded shards' keys at the last check
        # Shards loaded at the last check whose key the index does not hold (and could): no
        # rewrite can gain more (`maybe_write`, which then need not look at every shard).
        self._unheld = len(CONTACT_RELS)

    def read(self) -> IndexView:
        """index.json as an `IndexView` (empty if missing or unusable)."""
        path = self.root / INDEX_FILE
        if self._read is not None and self._read[0] == stat_key(path):
            return self._read[1]  # (each transaction asks twice: a stat, not a read of the file)
        found = read_with_key(path)
        if found is None:
            return EMPTY
        key, raw = found
        if self._read is not None and self._read[0] == key:
            return self._read[1]
        try:
            data = orjson.loads(raw)
            if data["version"] != INDEX_VERSION:
                raise ValueError("another version")
            keys: dict[str, StatKey] = {}
            counts: dict[str, int] = {}
            for name, item in data["shards"].items():  # [inode, size, mtime_ns, contacts]
                if name not in CONTACT_REL_SET or len(item) != 4 or not all(type(k) is int for k in item):
                    raise ValueError(name)
                keys[name] = cast(StatKey, tuple(item[:3]))
                counts[name] = item[3]
            names, ids = data["names"], data["ids"]
            if type(names) is not str or type(ids) is not str:
                raise TypeError("names")
            view = IndexView(keys, counts, names, ids)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            view = EMPTY
        self._read = (key, view)
        return view

    def recorded_key(self, rel_path: str) -> StatKey | None:
        return self.read().keys.get(rel_path)

    def recorded_count(self, rel_path: str, key: StatKey) -> int | None:
        """How many contacts the shard held when the index recorded this very key for it."""
        view = self.read()
        return view.counts.get(rel_path) if view.keys.get(rel_path) == key else None

    def vouch(self, *, recheck_loaded: bool = True) -> set[str]:
        """Make sure every contact shard is readable; those the index holds as they are now.

        A shard already loaded is re-checked by its stat key (unless `recheck_loaded`
        is False: inside a transaction, which re-reads whatever it touches); one that
        is not is trusted without parsing if index.json recorded this very key for it
        (it was parsed and checked then, and the index records only keys old enough to
        be unambiguous); any other shard is parsed and checked now.
        """
        keys = self.read().keys
        indexed: set[str] = set()
        loaded = self.cache.files
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
                continue
            try:
                st = os.stat(self.cache.path(rel_path))
            except FileNotFoundError:
                continue
            seen[rel_path] = key_of(st)
            if recorded is not None and recorded == seen[rel_path]:
                indexed.add(rel_path)
            else:
                self.cache.entry(rel_path)
                unheld += 1
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
            for line in starting_with(view.names, _line_text(lowered)):
                shards.add(line[-2:])
            for prefix in {lowered[:ID_CHARS], text[:ID_CHARS]}:
                for line in starting_with(view.ids, prefix):
                    shards.add(line[-2:])
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
        names = [line for line in view.names.splitlines() if line[-2:] in from_index]
        ids = [line for line in view.ids.splitlines() if line[-2:] in from_index]
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
            "names": "".join(line + "\n" for line in names),
            "ids": "".join(line + "\n" for line in ids),
        }
        # A cache: atomic so readers never see half of it, but not worth an fsync.
        files.write_atomic(self.root / INDEX_FILE, dumps(body), durable=False)
        self.hits = len(vouched)
