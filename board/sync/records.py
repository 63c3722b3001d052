"""The store's side of a sync: its files exported to the clone, and a merged state applied back.

Both go through the store's public doors. `export` asks the store for every data file's
version and re-reads only those that changed since the last export (the store names
each file version by its stat key, as it does for its own cache), so a sync with
nothing to do reads almost nothing. Records travel exactly as stored, one clone file
per store shard (contacts/XX, interactions/XX), and the resource library split into
resources/XX.

`apply` writes a merged state as ONE store transaction — journalled, with a backup
first, one step of undo — and only if every record it replaces is still what the
clone says the store held: if another process changed one meanwhile, nothing is
written and `StoreMoved` tells the sync to start over from fresh data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from board.errors import TrustboardError
from board.model import Contact, Interaction, Resource
from board.store import RESOURCES, RESOURCES_FILE, SHARDS
from board.store.files import StatKey, racy
from board.sync.git import SyncError
from board.sync.layout import OWNER, Records, encode, path_of

if TYPE_CHECKING:
    from board.store import Change, Store

Doc = dict[str, Any]
RESOURCE_PATHS = tuple(f"resources/{n:02x}.json" for n in range(SHARDS))


class StoreMoved(Exception):
    """A record changed in the store while the sync was merging (so it starts over)."""


@dataclass(frozen=True, slots=True)
class RecordChange:
    table: str
    id: str
    owner: str  # the contact the record belongs to (itself, for a contact)
    before: Doc | None
    after: Doc | None


@dataclass
class Export:
    """The clone files of the store files that changed (None: that file is empty now)."""

    files: dict[str, bytes | None] = field(default_factory=dict)
    keys: dict[str, StatKey | None] = field(default_factory=dict)  # versions safe to trust
    # next time (None: the file was absent)
    read: int = 0  # store files re-read


def export(store: Store, known: dict[str, StatKey | None]) -> Export:
    """Every store file not `known` at its current version, as clone files."""
    out = Export()
    for rel, (key, tables) in store.data_files(known).items():
        if not racy(key):  # (an absent file is remembered as absent)
            out.keys[rel] = key
        if tables is None:
            continue
        out.read += key is not None
        if rel == RESOURCES_FILE:
            grouped: dict[str, list[Doc]] = {}
            for doc in tables.get(RESOURCES, {}).values():
                grouped.setdefault(path_of(RESOURCES, doc), []).append(doc)
            out.files.update({p: encode(grouped[p]) if p in grouped else None for p in RESOURCE_PATHS})
        else:
            docs = tables.get(rel.partition("/")[0], {})
            out.files[rel] = encode(docs.values()) if docs else None  # same path in the clone
    return out


def differences(before: Records, after: Records) -> list[RecordChange]:
    out: list[RecordChange] = []
    for table in sorted({*before, *after}):
        old, new = before.get(table, {}), after.get(table, {})
        for rid in sorted(old.keys() | new.keys()):
            was, now = old.get(rid), new.get(rid)
            if was != now:
                owner = str((now or was or {}).get(OWNER.get(table, "id")))
                out.append(RecordChange(table, rid, owner, was, now))
    return out


def count(changes: Iterable[RecordChange]) -> Counter[str]:
    return Counter(change.table for change in changes)


def _built(changes: list[RecordChange]) -> tuple[list[Contact], list[Interaction], list[Resource]]:
    """Model objects for every record written, checked before anything is written."""
    contacts: list[Contact] = []
    interactions: list[Interaction] = []
    resources: list[Resource] = []
    for change in changes:
        if change.after is None:
            continue
        try:
            if change.table == "contacts":
                contacts.append(Contact.from_dict(change.after))
            elif change.table == "interactions":
                interactions.append(Interaction.from_dict(change.after))
            elif change.table == "resources":
                resources.append(Resource.from_dict(change.after))
            else:
                raise ValueError(f"this trustboard keeps no {change.table}")
        except (ValueError, TypeError, TrustboardError) as exc:
            raise SyncError(
                f"the remote holds a {change.table[:-1]} ({change.id}) this trustboard cannot "
                f"read ({exc}); nothing was changed"
            ) from None
    return contacts, interactions, resources


def apply(store: Store, changes: list[RecordChange], label: str) -> Change | None:
    """Write these record changes as one undoable transaction (see the module doc)."""
    if not changes:
        return None
    contacts, interactions, resources = _built(changes)
    with store.transaction(label, backup="before-sync") as txn:
        for change in changes:
            owner = "" if change.table == RESOURCES else change.owner
            if txn.raw_get(change.table, owner, change.id) != change.before:
                raise StoreMoved(change.id)
        gone = [c for c in changes if c.after is None]
        for change in sorted(gone, key=lambda c: c.table != "interactions"):  # history first
            if change.table == "interactions":
                txn.remove_interaction(change.owner, change.id)
            elif change.table == "contacts":
                txn.remove_contact(change.id)
            else:
                txn.remove_resource(change.id)
        txn.put_many(contacts, interactions, touch=False)
        for resource in resources:
            txn.put_resource(resource, touch=False)
    return txn.change
