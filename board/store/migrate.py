"""Reading older layouts and schemas forward (the store applies what is read here).

Schema 0 kept everything in one TinyDB file, `trustboard.json`; schema 1 splits it
into shards; schema 2 adds contact and interaction fields and the resource library.
Migrations are safe to repeat after a crash: records keep their ids,
so a second run rewrites the same shards, and the old form goes only once the new
`meta.json` exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import orjson

from board.errors import DataError, TrustboardError
from board.model import Contact, Interaction
from board.store import codec, journal
from board.store.files import dumps, read_with_key, unwritten
from board.store.layout import (
    CONTACT_RELS,
    CONTACTS,
    INTERACTION_RELS,
    INTERACTIONS,
    LEGACY_FILE,
    META_FILE,
    SCHEMA_VERSION,
    Tables,
)
from board.store.shards import Damaged
from board.store.store_parts import StoreParts

Decode = Callable[[str, bytes], Tables]


def read_legacy(root: Path, damaged: Damaged) -> tuple[list[Contact], list[Interaction]]:
    """The records of a schema-0 `trustboard.json` (DataError if it cannot be read)."""
    legacy = root / LEGACY_FILE
    found = read_with_key(legacy)
    raw = found[1] if found else b""
    try:
        tables = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise damaged(LEGACY_FILE, f"it is not valid JSON ({exc})") from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise damaged(LEGACY_FILE, "it does not hold trustboard tables")
    if tables.get("_meta"):
        version = codec.meta_version(tables)
        if version is None:
            raise damaged(LEGACY_FILE, "it has no schema version")
        if version > SCHEMA_VERSION:
            raise DataError(
                f"{legacy} was written by a newer trustboard (schema {version}): "
                "upgrade trustboard to open it. It was left untouched"
            )
    contacts: list[Contact] = []
    interactions: list[Interaction] = []
    where = "records"
    try:
        for key, doc in (tables.get("contacts") or {}).items():
            where = f"contact {key}"
            if not isinstance(doc, dict):
                raise ValueError("it is not an object")
            contacts.append(codec.contact_from_doc({**doc, "id": doc.get("id") or str(key)}))
        for key, doc in (tables.get("interactions") or {}).items():
            where = f"interaction {key}"
            if not isinstance(doc, dict):
                raise ValueError("it is not an object")
            item = codec.interaction_from_doc({**doc, "id": doc.get("id") or f"legacy-{key}"})
            if not item.contact_id:
                raise ValueError("it belongs to no contact")
            interactions.append(item)
    except (ValueError, TypeError, TrustboardError) as exc:
        raise damaged(LEGACY_FILE, f"its {where} cannot be read ({exc})") from None
    return contacts, interactions


def upgrade_to_2(rel: str, data: Tables) -> Tables:
    """One shard's tables from schema 1 to 2 (the same tables if already at 2).

    Contacts gain their new fields with defaults and a stage history seeded with
    `met` at creation (and the current stage when entered, if not `met`); every
    interaction gains `direction` (old messages were all written by the user: `out`),
    `linked_to` and `resource_id`.
    """
    out: Tables = {}
    for name, table in data.items():
        if name == CONTACTS:
            out[name] = {key: codec.contact_to_doc(codec.contact_from_doc(doc).marked())
                         for key, doc in table.items()}
        elif name == INTERACTIONS:
            out[name] = {key: codec.interaction_to_doc(codec.interaction_from_doc(doc))
                         for key, doc in table.items()}
        else:
            out[name] = table
    return out


def upgrade_files(root: Path, decode: Decode) -> Iterator[tuple[str, bytes]]:
    """Every shard of a schema-1 store in schema 2, then meta.json saying 2, one at a time.

    For `journal.replace_files`, which makes the whole migration one change: a crash or
    a full disk part-way leaves the store exactly as it was, or finished.
    """
    for rel in (*CONTACT_RELS, *INTERACTION_RELS):
        found = read_with_key(root / rel)
        if found is None:
            continue
        data = decode(rel, found[1])
        try:
            new = upgrade_to_2(rel, data)
        except (ValueError, TypeError, TrustboardError) as exc:
            raise DataError(
                f"{root / rel} cannot be read: {' '.join(str(exc).split())}. It was left untouched",
                path=root / rel,
            ) from None
        if new != data:
            yield rel, dumps(new)
    yield META_FILE, dumps(codec.meta_tables(SCHEMA_VERSION))


class Migrations(StoreParts):
    """How a `Store` applies the above (a mixin): a backup, then one journalled change."""

    def _upgrade(self) -> None:
        """Under the exclusive lock: bring a schema-1 store to this version (backup first)."""
        self._migrate(upgrade_files(self.root, self._cache.decode), [], [])

    def _migrate(self, payloads: Iterable[tuple[str, bytes]], removals: list[str], extra: list[Path]) -> None:
        """One migration: a backup, then every new file in one journalled change."""
        try:
            kept = self._backups.make("before-migration", extra, self._known_good, self._cache.decode)
        except OSError as exc:
            raise unwritten(exc, self.root) from None
        try:
            journal.replace_files(self.root, payloads, removals)
        except OSError as exc:
            self._backups.discard(kept)  # nothing migrated: the backup would only rotate others away
            raise unwritten(exc, self.root) from None
        except BaseException:
            self._backups.discard(kept)
            raise
        self._cache.forget_all()
        self._backups.prune()

    def _migrate_from_legacy(self) -> None:
        """Schema 0 kept everything in one TinyDB file; split it into shards, in one change."""
        legacy = self.root / LEGACY_FILE
        contacts, interactions = read_legacy(self.root, self._backups.damaged)
        from board.store.transaction import Transaction  # (TinyDB: loaded by changes only)

        txn = Transaction(self._cache, self.clock, "migration")  # built here, written below
        txn.put_many(contacts, interactions, touch=False)
        changed, _ = txn.outcome()
        payloads = [(rel, dumps(tables)) for rel, tables in changed.items()]
        payloads.append((META_FILE, dumps(codec.meta_tables(SCHEMA_VERSION))))
        self._migrate(payloads, [LEGACY_FILE], [legacy])
