"""The store's side of a sync: every record as it is now, and a merged state applied back.

Both go through the store's public doors only. `snapshot` reads contacts and
interactions together under one shared lock (a consistent moment, as an export does).
`apply` writes a merged state as ONE store transaction — journalled, with a backup
first, one step of undo — and only if every record it replaces is still what the
snapshot saw: if another process changed one meanwhile, nothing is written and
`StoreMoved` tells the sync to start over from fresh data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from board.errors import TrustboardError
from board.model import Contact, Interaction
from board.sync.git import SyncError
from board.sync.layout import OWNER, Records, group_of, path_of

if TYPE_CHECKING:
    from board.store import Change, Store

Doc = dict[str, Any]


class StoreMoved(Exception):
    """A record changed in the store while the sync was merging (so it starts over)."""


@dataclass(frozen=True, slots=True)
class RecordChange:
    table: str
    id: str
    owner: str  # the contact the record belongs to (itself, for a contact)
    before: Doc | None
    after: Doc | None


def snapshot(store: Store) -> Records:
    """Every contact (archived too) and interaction, as stored records, from one moment."""
    store.refresh()  # outside the lock first: it may have to finish a crashed writer's change
    with store.lock.shared():
        store.refresh()
        contacts = {c.id: c.to_dict() for c in store.contacts(archived=None)}
        interactions = {i.id: i.to_dict() for i in store.all_interactions()}
    return {"contacts": contacts, "interactions": interactions}


def subset(records: Records, groups: set[str]) -> Records:
    """The records whose files belong to these groups (see `layout.group_of`)."""
    return {
        table: {rid: doc for rid, doc in docs.items() if group_of(path_of(table, doc)) in groups}
        for table, docs in records.items()
    }


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


def _built(changes: list[RecordChange]) -> tuple[list[Contact], list[Interaction]]:
    """Model objects for every record written, checked before anything is written."""
    contacts: list[Contact] = []
    interactions: list[Interaction] = []
    for change in changes:
        if change.after is None:
            continue
        try:
            if change.table == "contacts":
                contacts.append(Contact.from_dict(change.after))
            elif change.table == "interactions":
                interactions.append(Interaction.from_dict(change.after))
            else:
                raise ValueError(f"this trustboard keeps no {change.table}")
        except (ValueError, TypeError, TrustboardError) as exc:
            raise SyncError(
                f"the remote holds a {change.table[:-1]} ({change.id}) this trustboard cannot "
                f"read ({exc}); nothing was changed"
            ) from None
    return contacts, interactions


def apply(store: Store, changes: list[RecordChange], label: str) -> Change | None:
    """Write these record changes as one undoable transaction (see the module doc)."""
    if not changes:
        return None
    contacts, interactions = _built(changes)
    with store.transaction(label, backup="before-sync") as txn:
        histories: dict[str, dict[str, Doc]] = {}
        for change in changes:
            if change.table == "contacts":
                found = txn.get(change.id)
                current = found.to_dict() if found is not None else None
            else:
                if change.owner not in histories:
                    histories[change.owner] = {i.id: i.to_dict() for i in txn.interactions(change.owner)}
                current = histories[change.owner].get(change.id)
            if current != change.before:
                raise StoreMoved(change.id)
        for change in changes:
            if change.after is None and change.table == "interactions":
                txn.remove_interaction(change.owner, change.id)
        for change in changes:
            if change.after is None and change.table == "contacts":
                txn.remove_contact(change.id)
        txn.put_many(contacts, interactions, touch=False)
    return txn.change
