"""The record-level plumbing of a `Transaction`: each file it touches read once (through
the cache), its records got and put — through TinyDB tables, or on the file's bytes when
they allow it (a contact shard's records spliced: `transaction_splice`; an interaction
shard logged into: `appending`) — and every put noted, before and after, for the change.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

from board.store import codec
from board.store.appending import Appending, appendable
from board.store.change import Op
from board.store.layout import CONTACTS, INTERACTIONS, Tables, file_of, is_interactions
from board.store.shards import Entry, ShardCache
from board.store.transaction_splice import Splice
from board.store.transaction_tables import StrIdTable, shard_table


class TransactionFiles:
    """The files of one transaction, record by record (see the module)."""

    def __init__(self, cache: ShardCache) -> None:
        self._cache = cache
        self._pending: dict[str, Tables] = {}
        self._read: dict[str, Tables] = {}
        self._tables_of: dict[str, StrIdTable] = {}
        self._ops: dict[tuple[str, str], Op] = {}
        self._splices: dict[str, Splice] = {}  # contact shards changed record by record
        self._bases: dict[str, Entry | None] = {}  # interaction shards' entries as read
        self._appends: dict[str, Appending | None] = {}  # interaction shards logged into unparsed
        self.unsound: set[str] = set()  # interaction shards given a record that fails the shape check

    def _tables(self, rel_path: str) -> Tables:
        if rel_path in self._splices:
            self._unsplice(rel_path)
        if rel_path in self._appends:
            self._unappend(rel_path)
        if rel_path in self._pending:
            return self._pending[rel_path]
        # Under the exclusive lock nobody else writes: one look at each file is enough.
        found = self._read.get(rel_path)
        if found is None:
            found = self._read[rel_path] = self._cache.tables(rel_path)
            if is_interactions(rel_path):  # (the version a log may append to)
                self._bases[rel_path] = self._cache.cached(rel_path)
        return found

    def _table(self, rel_path: str, table: str) -> StrIdTable:
        tiny = self._tables_of.get(rel_path)
        if tiny is None:
            # The table's storage reaches the transaction only by a weak reference: a cycle
            # (transaction → table → storage → transaction) would keep every file it read
            # alive after it ends, until a full collection, and those collections grow
            # with what they find (most of a change's cost on a big board).
            me = weakref.ref(self)
            pending = self._pending

            def read() -> Tables:
                txn = me()
                assert txn is not None  # the table lives in its transaction
                return txn._tables(rel_path)

            def write(data: Tables) -> None:
                pending[rel_path] = data

            tiny = shard_table(read, write, table)
            self._tables_of[rel_path] = tiny
        return tiny

    def _splice(self, rel_path: str) -> Splice | None:
        """The contact shard to change record by record, if its parse was let go and its
        bytes allow it (see `transaction_splice`), and no reader needed its tables yet."""
        found = self._splices.get(rel_path)
        if found is not None or rel_path in self._pending or rel_path in self._read:
            return found
        entry = self._cache.cached(rel_path)
        if entry is None or entry.held or not entry.canonical or entry.contacts is None:
            return None
        raw = self._cache.current_bytes(rel_path, entry)
        splice = Splice.of(raw, entry.contacts) if raw is not None else None
        if splice is not None:
            self._splices[rel_path] = splice
        return splice

    def _unsplice(self, rel_path: str) -> None:
        """Read the shard's tables after all, with the records put so far, as TinyDB puts them."""
        splice = self._splices.pop(rel_path)
        data = self._cache.parse_known(rel_path, splice.raw)
        if not splice.puts:
            self._read[rel_path] = data
            return
        table = data[CONTACTS]
        for doc_id, doc in splice.puts.items():
            table.pop(doc_id, None)
            if doc is not None:
                table[doc_id] = dict(doc)
        self._pending[rel_path] = data

    def _appending(self, rel_path: str) -> Appending | None:
        """The interaction shard to log into on its bytes (`appending`), if they allow it
        and no reader needed its tables yet."""
        if rel_path in self._appends:
            return self._appends[rel_path]
        if rel_path in self._pending or rel_path in self._read:
            return None
        found = self._appends[rel_path] = appendable(self._cache, rel_path)
        return found

    def _unappend(self, rel_path: str) -> None:
        """Read the shard's tables after all (its bytes known good: parsed, not checked again),
        with the records added so far at the end, as TinyDB puts them."""
        found = self._appends.pop(rel_path)
        if found is None:
            return
        base = found.base if found.base is not None else self._cache.parse_known(rel_path, found.raw)
        self._read[rel_path] = base
        if found.base is not None:
            self._bases[rel_path] = self._cache.cached(rel_path)  # (its entry's parse: appended to)
        if found.puts:
            table = dict(base.get(INTERACTIONS, {}))
            table.update((doc_id, dict(doc)) for doc_id, doc in found.puts.items())
            self._pending[rel_path] = {**base, INTERACTIONS: table}

    def raw_get(self, table: str, contact_id: str, doc_id: str) -> dict[str, Any] | None:
        """A stored record as of this transaction (None if absent)."""
        rel_path = file_of(table, contact_id)
        # A shard worked on as bytes (a log appended, records spliced) answers if it can;
        # if not, it is parsed after all.
        unparsed, parse = (
            (self._appending(rel_path), self._unappend) if table == INTERACTIONS
            else (self._splice(rel_path), self._unsplice) if table == CONTACTS
            else (None, None)
        )
        if unparsed is not None and parse is not None:
            known, doc = unparsed.get(doc_id)
            if known:
                return doc
            parse(rel_path)
        return self._tables(rel_path).get(table, {}).get(doc_id)

    def _note(self, rel_path: str, table: str, contact_id: str, doc_id: str, before: Any, after: Any) -> None:
        op = self._ops.get((table, doc_id))
        if op is None:
            self._ops[(table, doc_id)] = Op(table, contact_id, doc_id, before, after, rel_path)
        else:
            op.after = after

    def raw_put(
        self, table: str, contact_id: str, doc_id: str, doc: dict[str, Any] | None, *, checked: bool = False
    ) -> None:
        """Replace (or with None remove) one stored record, noting it for the change
        (`checked`: an interaction record the store built itself, of a sound shape)."""
        rel_path = file_of(table, contact_id)
        before = self.raw_get(table, contact_id, doc_id)
        splice = self._splices.get(rel_path) if table == CONTACTS else None
        adding = self._appends.get(rel_path) if table == INTERACTIONS else None
        if table == INTERACTIONS and doc is not None and not checked and codec.shape_problem(
                rel_path, {INTERACTIONS: {doc_id: doc}}):
            self.unsound.add(rel_path)  # (written, as before, but never vouched for in `sums`)
        if splice is not None:
            splice.put(doc_id, doc)
        elif adding is not None and adding.put(doc_id, doc):
            pass
        else:
            if adding is not None:
                self._unappend(rel_path)
            tiny = self._table(rel_path, table)
            if before is not None:
                tiny.remove_ids([doc_id])
            if doc is not None:
                tiny.insert_doc(doc, doc_id)
        self._note(rel_path, table, contact_id, doc_id, before, doc)

    def _put_batch(self, table: str, docs: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Insert or replace many records: one TinyDB rebuild per shard, not per record."""
        by_rel: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        rels: dict[str, str] = {}  # an import brings each contact's interactions together
        for contact_id, doc in docs:
            rel_path = rels.get(contact_id)
            if rel_path is None:
                rel_path = rels[contact_id] = file_of(table, contact_id)
            by_rel.setdefault(rel_path, []).append((contact_id, doc))
        for rel_path, items in by_rel.items():
            current = self._tables(rel_path).get(table, {})
            latest = {doc["id"]: (contact_id, doc) for contact_id, doc in items}
            replaced = [doc_id for doc_id in latest if doc_id in current]
            tiny = self._table(rel_path, table)
            if replaced:
                tiny.remove_ids(replaced)
            tiny.insert_docs((doc_id, doc) for doc_id, (_, doc) in latest.items())
            # Noted once stored, so that the change shares TinyDB's stored copies
            # (`current`, the table as it was, is not the dict TinyDB rebuilt).
            stored = self._pending[rel_path][table]
            for doc_id, (contact_id, _) in latest.items():
                self._note(rel_path, table, contact_id, doc_id, current.get(doc_id), stored[doc_id])

    def _put_into(self, rel_path: str) -> bool:
        """True if this transaction put records into this file already."""
        adding = self._appends.get(rel_path)
        return rel_path in self._pending or (adding is not None and bool(adding.puts))
