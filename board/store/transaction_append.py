"""Logging into an interaction shard this process wrote last: its new bytes by appending.

A log adds one record to a shard of a thousand interactions. TinyDB puts a new record
at the end of its table, so when the shard's bytes are exactly `files.dumps` of its
tables (the bytes this process wrote itself: `Entry.canonical`), the new file is the
old bytes with the new records' encodings put before the closing `}}`: byte for byte
what encoding the whole table gives (a test compares the two over many changes), for
a tenth of the cost. The digest the journal names is continued the same way: the
entry keeps the digest state of its bytes but the closing `}}` (`Entry.tail`), and
the new file's digest goes on from there instead of reading all its bytes again.

Anything else (a record replaced or removed, a shard read from disk whose encoding
was not checked, a table other than the interactions) is encoded whole, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from board.store.files import dumps
from board.store.layout import INTERACTIONS, Tables

HEAD = b'{"interactions":{'
TAIL = b"}}"


def tail_state(payload: bytes) -> Any:
    """The digest state (`files.digest`'s) of a shard's bytes but its closing `}}`."""
    import hashlib

    state = hashlib.blake2b(digest_size=16)
    state.update(memoryview(payload)[: len(payload) - len(TAIL)])
    return state


def finished(state: Any) -> bytes:
    """The digest of the whole file, from the state of all its bytes but the last two."""
    whole = state.copy()
    whole.update(TAIL)
    return bytes(whole.digest())


@dataclass(frozen=True, slots=True)
class Appended:
    """An interaction shard's new tables (None: not parsed, see `appending`), their bytes
    made by appending, and the digest state of those bytes but the closing `}}`."""

    tables: Tables | None
    payload: bytes
    tail: Any


def appended(base: bytes, base_table: dict[str, Any] | None, tail: Any, tables: Tables,
             new_ids: list[str]) -> Appended | None:
    """The shard's new bytes, if its new tables are its old ones (`base`, canonical, with
    `base_table` its records) with only `new_ids` added, in that order, at the end.

    With `base_table` None the old records are not at hand (`appending`: the caller knows
    the new ids are not among them) and `tables` holds the new records alone."""
    table = tables.get(INTERACTIONS)
    if (
        table is None or len(tables) != 1 or not new_ids
        or len(table) != (len(base_table) if base_table is not None else 0) + len(new_ids)
        or not (base.startswith(HEAD) and base.endswith(TAIL))
    ):
        return None
    last = list(_last(table, len(new_ids)))
    if last != new_ids or (base_table is not None and any(doc_id in base_table for doc_id in new_ids)):
        return None
    pieces = b",".join(dumps(doc_id) + b":" + dumps(table[doc_id]) for doc_id in new_ids)
    if base_table or (base_table is None and len(base) > len(HEAD) + len(TAIL)):
        pieces = b"," + pieces
    state = tail.copy()
    state.update(pieces)
    # One copy of the old bytes (a slice, then `+`, would copy them twice).
    joined = b"".join((memoryview(base)[: len(base) - len(TAIL)], pieces, TAIL))
    return Appended(tables if base_table is not None else None, joined, state)


def _last(table: dict[str, Any], count: int) -> list[str]:
    """The last `count` keys of a table, in order (without walking the whole table)."""
    found = []
    for doc_id in reversed(table):
        found.append(doc_id)
        if len(found) == count:
            break
    return found[::-1]
