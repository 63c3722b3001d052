"""Which loaded contact shards the name index holds, kept as the cache's entries change.

A transaction starts by vouching for every contact shard (`NameIndex.vouch`): on a
board whose shards are all loaded, that looked at each of the 256 entries, a fifth of
the CPU of a move. Its answer depends only on the loaded entries' stat keys, the index
as read and the clock (a racy key ages into one the index could hold), so `Vouched`
keeps it and, at the next transaction, classifies again only the shards whose entry
the cache replaced or dropped since (`ShardCache.take_changed`) and the racy ones that
have aged. A shard no longer loaded, a new read of the index or the cache forgetting
everything ends it: the next vouch looks at every shard again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from board.store.files import StatKey
from board.store.layout import CONTACT_REL_SET
from board.store.shards import Entry


class Vouched:
    """The loaded shards the index holds (`indexed`), those it could hold and does not
    (`unheld`), and those too recent to be held yet (`racy`, with their keys)."""

    __slots__ = ("view", "indexed", "unheld", "racy", "_oldest")

    def __init__(self, view: object) -> None:
        self.view = view  # the `IndexView` it was worked out for
        self.indexed: set[str] = set()
        self.unheld: set[str] = set()
        self.racy: dict[str, StatKey] = {}
        self._oldest: StatKey | None = None  # no racy key is older (a burst makes many racy)

    def classify(
        self, rel: str, key: StatKey | None, recorded: StatKey | None, racy: Callable[[StatKey], bool]
    ) -> None:
        """Put one loaded shard, as its entry's key and the index's say, where it belongs."""
        self.indexed.discard(rel)
        self.unheld.discard(rel)
        self.racy.pop(rel, None)
        if key is None:
            return  # (no such file)
        if key == recorded:
            self.indexed.add(rel)
        elif racy(key):
            self.racy[rel] = key
            if self._oldest is None or key[2] < self._oldest[2]:
                self._oldest = key
        else:
            self.unheld.add(rel)

    def update(
        self, changed: Iterable[str], loaded: dict[str, Entry], keys: dict[str, StatKey],
        racy: Callable[[StatKey], bool],
    ) -> bool:
        """Classify again the shards whose entries changed, and the racy ones that aged;
        False if one of them is no longer loaded (then only a full look will do)."""
        for rel in changed:
            if rel not in CONTACT_REL_SET:
                continue
            entry = loaded.get(rel)
            if entry is None:
                return False
            self.classify(rel, entry.key, keys.get(rel), racy)
        if self._oldest is not None and not racy(self._oldest):  # (else none has aged)
            for rel, key in list(self.racy.items()):
                if not racy(key):
                    self.racy.pop(rel)
                    self.unheld.add(rel)
            self._oldest = min(self.racy.values(), key=lambda k: k[2], default=None)
        return True
