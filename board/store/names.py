"""The name index: lets a command that names one contact skip parsing all the others.

`index.json` records, for each contact shard, the stat key it had when it was
parsed and checked, and who is in it (ids, folded names, archived flags). A shard
whose file still has that very key is trusted without parsing; any other is parsed
and checked. So `trustboard log NAME` on 30,000 contacts reads one small index
instead of parsing every contact, and still refuses a damaged shard. It is only a
cache: whatever is wrong with it, it is ignored (and rewritten by the next writer).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import orjson

from board.model import Contact
from board.store import files
from board.store.files import StatKey, dumps, key_of, racy, read_with_key, stat_key
from board.store.layout import CONTACT_REL_SET, CONTACT_RELS, CONTACTS, INDEX_FILE
from board.store.shards import Entry, ShardCache

INDEX_VERSION = 2
INDEX_GAIN = 16  # a writer rewrites the index once it would spare readers this many parses


@dataclass(slots=True)
class Names:
    """One contact shard as index.json records it: its stat key then, and who is in it."""

    key: StatKey
    ids: list[str]
    names: list[str]  # folded: stripped and lowercase, as CONTACT arguments are matched
    archived: list[bool]


def fold(name: str) -> str:
    return name.strip().lower()


class NameIndex:
    """index.json of one data directory, as read and (by writers) rewritten."""

    def __init__(self, root: Path, cache: ShardCache) -> None:
        self.root = root
        self.cache = cache
        self._read: tuple[StatKey, dict[str, Names]] | None = None
        self.hits = 0  # shards the index on disk vouched for at the last check

    def read(self) -> dict[str, Names]:
        """index.json as {shard: its stat key then and its names}; {} if unusable."""
        found = read_with_key(self.root / INDEX_FILE)
        if found is None:
            return {}
        key, raw = found
        if self._read is not None and self._read[0] == key:
            return self._read[1]
        parsed: dict[str, Names] = {}
        try:
            data = orjson.loads(raw)
            if data["version"] != INDEX_VERSION:
                raise ValueError("another version")
            for rel, item in data["shards"].items():
                ids, names, archived = item["ids"], item["names"], item["archived"]
                shard_key = tuple(item["key"])
                if (
                    rel not in CONTACT_REL_SET or len(shard_key) != 3
                    or not len(ids) == len(names) == len(archived)
                    or not set(map(type, ids)) | set(map(type, names)) <= {str}
                    or not set(map(type, archived)) <= {bool}
                    or not set(map(type, shard_key)) <= {int}
                ):
                    raise ValueError(rel)
                parsed[rel] = Names(cast(StatKey, shard_key), ids, names, archived)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            parsed = {}
        self._read = (key, parsed)
        return parsed

    def recorded_key(self, rel: str) -> StatKey | None:
        names = self.read().get(rel)
        return names.key if names is not None else None

    def vouch(self) -> dict[str, Names]:
        """Make sure every contact shard is readable; the index names of those left unparsed.

        A shard already loaded is re-checked by its stat key; one that is not is
        trusted without parsing if index.json recorded this very key for it (it was
        parsed and checked then, and the index records only keys old enough to be
        unambiguous); any other shard is parsed and checked now.
        """
        index = self.read()
        vouched: dict[str, Names] = {}
        hits = 0
        files = self.cache.files
        for rel in CONTACT_RELS:
            recorded = index.get(rel)
            if rel in files:
                key = self.cache.entry(rel)[0].key
                hits += key is not None and recorded is not None and recorded.key == key
                continue
            try:
                st = os.stat(self.cache.path(rel))
            except FileNotFoundError:
                continue
            if recorded is not None and recorded.key == key_of(st):
                vouched[rel] = recorded
                hits += 1
            else:
                self.cache.entry(rel)
        self.hits = hits
        return vouched

    def maybe_write(self) -> None:
        """Under the exclusive lock: rewrite index.json if it would spare readers enough parses."""
        index = self.read()
        vouched: list[tuple[str, Entry | Names]] = []  # counted first: building names costs
        for rel in CONTACT_RELS:
            entry = self.cache.files.get(rel)
            if entry is not None:
                if entry.key is not None and not racy(entry.key):
                    vouched.append((rel, entry))
            elif rel in index:
                recorded = index[rel]
                if recorded.key == stat_key(self.root / rel):
                    vouched.append((rel, recorded))
        gain = len(vouched) - self.hits
        if gain < INDEX_GAIN and (gain <= 0 or index):
            return
        shards: dict[str, Any] = {}
        for rel, source in vouched:
            if isinstance(source, Names):
                names = source
            else:
                docs = source.data.get(CONTACTS, {})
                assert source.key is not None
                names = Names(
                    source.key, list(docs), [fold(d["name"]) for d in docs.values()],
                    [bool(d.get("archived", False)) for d in docs.values()],
                )
            shards[rel] = {"key": names.key, "ids": names.ids, "names": names.names,
                           "archived": names.archived}
        # A cache: atomic so readers never see half of it, but not worth an fsync.
        payload = dumps({"version": INDEX_VERSION, "shards": shards})
        files.write_atomic(self.root / INDEX_FILE, payload, durable=False)
        self.hits = len(shards)

    def candidates(self, text: str, archived: bool | None) -> list[Contact]:
        """Every contact whose id is `text`, or whose id or folded name starts with it.

        Builds only the candidates: shards the index vouches for are parsed only if a
        candidate lives there.
        """
        lowered = text.lower()
        picked: list[Contact] = []
        indexed = self.vouch()
        for rel in CONTACT_RELS:
            entry = self.cache.files.get(rel)
            if entry is None:
                names = indexed.get(rel)
                if names is None:
                    continue  # no such file: no contacts in this shard
                hits = [
                    cid for cid, name, gone in zip(names.ids, names.names, names.archived, strict=True)
                    if (name.startswith(lowered) or cid.startswith(lowered) or cid == text)
                    and (archived is None or gone == archived)
                ]
                if not hits:
                    continue
                entry = self.cache.entry(rel)[0]  # a candidate lives here: parse this shard
                docs = entry.data.get(CONTACTS, {})
                picked.extend(self.cache.build_contact(rel, docs[cid]) for cid in hits if cid in docs)
                continue
            for cid, doc in entry.data.get(CONTACTS, {}).items():
                if archived is not None and bool(doc.get("archived", False)) != archived:
                    continue
                if cid == text or cid.startswith(lowered) or fold(doc["name"]).startswith(lowered):
                    built = entry.contacts
                    picked.append(built[cid] if built else self.cache.build_contact(rel, doc))
        return picked
