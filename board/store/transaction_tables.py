"""The TinyDB adapter every shard a transaction changes is written through.

Each shard is a TinyDB database whose `Storage` reads through the store's cache
(`shards`) and writes into a transaction's pending files: TinyDB does the document
bookkeeping, the transaction decides when and how bytes reach the disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from board.store.layout import Tables


class StrIdTable(Table):
    """Documents keyed by our own string ids; TinyDB never invents an id."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB declares int ids; its code takes any class

    def _get_next_id(self) -> str:  # pragma: no cover - we always pass ids
        raise RuntimeError("trustboard assigns document ids itself")

    def _update_table(self, updater: Callable[[dict[Any, Mapping[str, Any]]], None]) -> None:
        # Overrides a TinyDB private (4.x: `Table._update_table`), whose own version copies
        # the whole table twice, passing every document id through `document_id_class` and
        # `str`: ours are strings already, so one copy gives the very same table (a test
        # compares the two, and checks that TinyDB still has the method). A third of the
        # CPU of logging into a shard of a thousand interactions.
        tables = self._storage.read()
        if tables is None:
            tables = {}
        table: dict[Any, Mapping[str, Any]] = dict(tables.get(self.name, {}))
        updater(table)
        tables[self.name] = table
        self._storage.write(tables)
        self.clear_cache()

    def remove_ids(self, doc_ids: list[str]) -> None:
        self.remove(doc_ids=cast(list[int], doc_ids))  # TinyDB's hints assume int ids

    def insert_doc(self, doc: dict[str, Any], doc_id: str) -> None:
        self.insert(document(doc, doc_id))

    def insert_docs(self, docs: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """`insert_multiple` of these documents under our ids, each stored as its own copy
        as TinyDB stores it, without first wrapping each one in a `Document` (a copy of its
        own, which an import of 100,000 records paid for twice)."""

        def updater(table: dict[Any, Mapping[str, Any]]) -> None:
            for doc_id, doc in docs:
                if doc_id in table:
                    raise ValueError(f"Document with ID {doc_id} already exists")  # as TinyDB says
                table[doc_id] = dict(doc)

        self._update_table(updater)


class ShardDB(TinyDB):
    table_class = StrIdTable


class PendingStorage(Storage):
    """A TinyDB storage that reads a shard through a callable and writes into a dict.

    Only `insert`, `insert_multiple` and `remove` are used on its tables: they build
    new table dicts, whereas `update`/`upsert` would edit the cached documents in
    place and leak an aborted change into the cache.
    """

    def __init__(self, read: Callable[[], Tables], write: Callable[[Tables], None]) -> None:
        self._read = read
        self._write = write

    def read(self) -> Tables | None:
        # A shallow copy: TinyDB replaces whole tables, never edits our cached documents.
        return dict(self._read())

    def write(self, data: Tables) -> None:
        self._write(data)


def shard_table(read: Callable[[], Tables], write: Callable[[Tables], None], table: str) -> StrIdTable:
    """A TinyDB table of one shard, reading and writing through these callables."""
    db = ShardDB(storage=PendingStorage, read=read, write=write)
    return db.table(table, cache_size=0)  # type: ignore[return-value]  # table_class is StrIdTable


def document(doc: dict[str, Any], doc_id: str) -> Document:
    return Document(doc, doc_id=cast(int, doc_id))

