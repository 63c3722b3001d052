"""The interaction id index: lets `unlog ID` find its interaction without parsing every shard.

`interaction-ids.json` records, for each interaction shard, the stat key it had when it
was read and the first 12 characters of each of its interactions' ids (lowercase, one a
line). A shard whose file still has its recorded key is searched in the index; any other
shard is read and parsed (and learnt). So naming one interaction among 300,000 costs a
stat of each shard, one small file and the parse of the shard that holds it, instead of
reading every shard.

It is only a cache: whatever is wrong with it, it is ignored. It is written, not durably,
only after a command that used it succeeded (`save`), so a command that fails changes
nothing; a shard written in the last two seconds is never recorded (`files.racy`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from board.store.files import StatKey, dumps, racy, write_atomic

IDS_FILE = "interaction-ids.json"
VERSION = 1
ID_CHARS = 12  # of an id, in the index: a longer prefix is checked on the shard itself


class IdIndex:
    """interaction-ids.json as read, and what this process learnt since (see the module)."""

    def __init__(self, root: Path) -> None:
        self.path = root / IDS_FILE
        self.known: dict[str, tuple[StatKey, str]] = {}
        self.learnt = False

    def load(self) -> None:
        """Read the index; an unreadable or foreign one is no index."""
        self.known, self.learnt = {}, False
        try:
            data: Any = orjson.loads(self.path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return
        shards = data.get("shards")
        if not isinstance(shards, dict):
            return
        for rel, item in shards.items():
            if (isinstance(item, list) and len(item) == 4 and isinstance(item[3], str)
                    and all(isinstance(n, int) and not isinstance(n, bool) for n in item[:3])):
                self.known[rel] = ((item[0], item[1], item[2]), item[3])

    def may_hold(self, rel: str, key: StatKey, prefix: str) -> bool:
        """False only when the index vouches that shard `rel` (with `key`) has no id
        starting with `prefix` (lowercase); True when it may, or the index does not know."""
        found = self.known.get(rel)
        if found is None or found[0] != key or racy(key):
            return True
        return "\n" + prefix[:ID_CHARS] in found[1]

    def learn(self, rel: str, key: StatKey, ids: Iterable[str]) -> None:
        """Record the ids of shard `rel` as read with `key` (not if that key is too recent)."""
        if racy(key) or self.known.get(rel, (None, ""))[0] == key:
            return
        self.known[rel] = (key, "".join(f"\n{i[:ID_CHARS].lower()}" for i in ids))
        self.learnt = True

    def save(self) -> None:
        """Write what was learnt (a cache: never fsynced, never an error)."""
        if not self.learnt:
            return
        body = {"version": VERSION, "shards": {
            rel: [*key, text] for rel, (key, text) in sorted(self.known.items())
        }}
        try:
            write_atomic(self.path, dumps(body), durable=False)
        except OSError:
            return
        self.learnt = False
