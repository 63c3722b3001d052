"""The store: the one door to trustboard's data (see `board.store.facade`).

    from board.store import Store, Change, Transaction
"""

from typing import TYPE_CHECKING, Any

from board.store.backups import KEEP_DAILY, KEEP_EVENT
from board.store.change import Change, Op
from board.store.facade import Store
from board.store.layout import (
    BACKUPS,
    CONTACTS,
    INDEX_FILE,
    INTERACTIONS,
    JOURNAL_FILE,
    LEGACY_FILE,
    MANIFEST,
    META_FILE,
    RESOURCES,
    RESOURCES_FILE,
    SCHEMA_VERSION,
    SHARDS,
    rel,
    shard_of,
)
from board.store.shards import INTERACTION_SHARDS_CACHED

if TYPE_CHECKING:
    from board.store.transaction import Transaction

__all__ = [
    "BACKUPS", "CONTACTS", "INDEX_FILE", "INTERACTIONS", "INTERACTION_SHARDS_CACHED",
    "JOURNAL_FILE", "KEEP_DAILY", "KEEP_EVENT", "LEGACY_FILE", "MANIFEST", "META_FILE", "RESOURCES", "RESOURCES_FILE",
    "SCHEMA_VERSION", "SHARDS", "Change", "Op", "Store", "Transaction", "rel", "shard_of",
]


def __getattr__(name: str) -> Any:
    # `Transaction` (and TinyDB under it) loads when first named: opening the board
    # never writes, and TinyDB is a tenth of what its start-up imports.
    if name == "Transaction":
        from board.store.transaction import Transaction

        return Transaction
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
