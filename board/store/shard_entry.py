"""One cached file of the shard cache (`shards.ShardCache`): its stat key, its parse (or
the contacts built from it), and while it is racy its bytes or their digest."""

from __future__ import annotations

import weakref
from typing import Any, Protocol

from board.model import Contact
from board.store.files import StatKey, digest
from board.store.layout import Tables
from board.store.transaction_append import finished

PENDING = b""  # an entry's digest not taken yet: its bytes are held instead (`Entry.same_bytes`)


class Rereads(Protocol):
    """The cache an entry lives in, which parses a let-go version of its file again."""

    def reread(self, rel: str, entry: Entry) -> Tables: ...


class Entry:
    """A parsed file as cached: its stat key, tables and (while racy) a digest of its bytes.

    A racy file this process has just read or written keeps its very bytes instead of
    their digest while it is among the last few (`ShardCache._hold_bytes`): the next look
    at it then compares bytes, which costs a twentieth of digesting them.

    Once a contact shard's contacts are built, its parse is let go (`let_go`): holding
    every shard's records beside the contacts built from them took two thirds of the
    board's memory. `data` then parses that very version of the file again, for the
    few readers that need the records themselves (a transaction, the name index).
    """

    __slots__ = ("key", "_data", "digest", "contacts", "_source", "_raw", "canonical", "tail")

    def __init__(
        self, key: StatKey | None, data: Tables, digest: bytes | None = None,
        contacts: dict[str, Contact] | None = None,
    ) -> None:
        self.key = key
        self._data: Tables | None = data
        self.digest = digest
        self.contacts = contacts
        # The cache by a weak reference: a cycle (cache → entry → cache) would keep every
        # entry of a store let go until a full collection, which a board runs seldom.
        self._source: tuple[weakref.ref[Rereads], str] | None = None
        self._raw: bytes | None = None  # the bytes read or written, while the digest is PENDING
        # Bytes exactly `files.dumps` of its tables, its contacts (or interactions) alone: a change
        # may splice (append) its records (`transaction_splice`, `_append`: digest state `tail`).
        self.canonical = False
        self.tail: Any = None

    def same_bytes(self, raw: bytes) -> bool:
        """True if `raw` are the bytes this entry was parsed from (or written as)."""
        if self.digest is None:
            return True
        if self._raw is not None:
            return raw == self._raw
        return self.digest == digest(raw)

    def trusted(self) -> None:
        """Its key is old enough to be unambiguous: no more byte checks."""
        self.digest = self._raw = None

    def hold_bytes(self, raw: bytes) -> None:
        """Keep the written bytes for `same_bytes` (their digest is taken only if needed)."""
        self._raw = raw
        if self.digest is None:
            self.digest = PENDING

    def drop_bytes(self) -> None:
        """Let the held bytes go, keeping their digest if the entry still needs one."""
        if self._raw is not None:
            if self.digest == PENDING:
                # An interaction shard's digest goes on from the state of its bytes but the
                # closing `}}` when it has it (`transaction_append`): not all of them again.
                self.digest = digest(self._raw) if self.tail is None else finished(self.tail)
            self._raw = None

    @property
    def data(self) -> Tables:
        if self._data is not None:
            return self._data
        assert self._source is not None  # set together with `_data = None`
        ref, rel = self._source
        cache = ref()
        assert cache is not None  # an entry lives in its cache
        return cache.reread(rel, self)

    @property
    def held(self) -> bool:
        """True while the parse is kept (not let go)."""
        return self._data is not None

    def unparsed(self, cache: Rereads, rel: str) -> None:
        """Not parsed (an interaction shard logged into on its bytes, a contact shard's
        records read and let go): `data` parses that version."""
        self._source = (weakref.ref(cache), rel)
        self._data = None

    def parsed(self, data: Tables) -> None:
        """The parse of an `unparsed` entry's version, kept from now on."""
        self._data, self._source = data, None

    def let_go(self, cache: Rereads, rel: str) -> None:
        """Forget the parse (the contacts built from it stay); `data` reads it again."""
        if self.key is not None and self.contacts is not None:
            self._source = (weakref.ref(cache), rel)
            self._data = None
