"""One locked read-change-write cycle, and the `Change` it leaves behind (`change`).

A `Transaction` collects the new versions of the files it touches (through TinyDB
tables over the store's cache, or on their bytes: `transaction_files`) and notes,
record by record, the state before and after. `Store.transaction` commits it (see `journal`) and hands back a `Change`:
what a session records to undo, and what a screen redraws.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from board.errors import UserError
from board.model import Contact, Interaction, Resource, from_iso
from board.store import codec
from board.store.bounds import check_contact, check_interaction
from board.store.change import Change, Op
from board.store.files import no_gc
from board.store.layout import (
    CONTACT_RELS,
    CONTACTS,
    INTERACTIONS,
    RESOURCES,
    RESOURCES_FILE,
    Tables,
    rel,
    shard_of,
)
from board.store.shards import ShardCache
from board.store.transaction_append import Appended, appended, tail_state
from board.store.transaction_files import TransactionFiles
from board.store.transaction_splice import Spliced


class Transaction(TransactionFiles):
    """The changes of one locked read-change-write cycle (see `Store.transaction`)."""

    def __init__(self, cache: ShardCache, clock: Callable[[], datetime], label: str) -> None:
        super().__init__(cache)
        self.label = label
        self.change: Change | None = None  # set once committed
        self._clock = clock

    # -- reads inside the transaction (the latest state, including this one's changes)

    def get(self, contact_id: str) -> Contact | None:
        doc = self.raw_get(CONTACTS, contact_id, contact_id)
        if doc is None:
            return None
        rel_path = rel(CONTACTS, shard_of(contact_id))
        splice = self._splices.get(rel_path)
        found = splice.built(contact_id) if splice is not None else None
        if found is not None:  # (read at today's bounds, as a record built again would be)
            return self._cache.clamped(rel_path, found)
        return self._cache.build_contact(rel_path, doc)

    def require(self, contact_id: str) -> Contact:
        contact = self.get(contact_id)
        if contact is None:
            raise UserError(f"no contact with id {contact_id} (another session may have removed it)")
        return contact

    def contacts(self) -> list[Contact]:
        """Every contact, archived included, as of this transaction."""
        out: list[Contact] = []
        bounds = self._cache.bounds()
        for rel_path in list(self._splices):
            self._unsplice(rel_path)
        for rel_path in CONTACT_RELS:
            if rel_path in self._pending:
                docs = self._pending[rel_path].get(CONTACTS, {}).values()
                out.extend(self._cache.build_contact(rel_path, d, bounds) for d in docs)
            else:
                entry = self._cache.entry(rel_path)[0]
                out.extend(self._cache.shard_contacts(rel_path, entry).values())
        return out

    def interactions(self, contact_id: str) -> list[Interaction]:
        rel_path = rel(INTERACTIONS, shard_of(contact_id))
        docs = self._tables(rel_path).get(INTERACTIONS, {})
        return self._cache.interactions_of(rel_path, docs, contact_id)

    # -- writes

    def put_contact(self, contact: Contact, *, touch: bool = True) -> None:
        """Insert or replace a contact (updated_at set to now unless touch=False).

        `last_interaction_at` is the store's to keep: when the contact has
        interactions it is set to the newest one's time, whatever was passed.
        """
        if touch:
            contact = contact.copy(updated_at=self._clock())
        doc = codec.contact_to_doc(check_contact(contact, self._cache.bounds()).marked())
        current = self.raw_get(CONTACTS, contact.id, contact.id)
        if (
            # A new contact can only have interactions put earlier in this transaction.
            self._put_into(rel(INTERACTIONS, shard_of(contact.id)))
            if current is None
            else current.get("last_interaction_at") != doc["last_interaction_at"]
        ):
            latest = self._latest_interactions({contact.id}).get(contact.id)
            if latest is not None:
                doc["last_interaction_at"] = latest.isoformat()
        self.raw_put(CONTACTS, contact.id, contact.id, doc)

    def put_many(
        self,
        contacts: Iterable[Contact] = (),
        interactions: Iterable[Interaction] = (),
        *,
        touch: bool = True,
    ) -> None:
        """Insert or replace many contacts and interactions at once (imports, migrations).

        Same result as `put_contact` for each contact then `put_interaction` for each
        interaction, in time linear in the number of records.
        """
        stamp = self._clock() if touch else None
        bounds = self._cache.bounds()
        contact_docs: list[tuple[str, dict[str, Any]]] = []
        for contact in contacts:
            doc = codec.contact_to_doc(check_contact(contact, bounds).marked())
            if stamp is not None:
                doc["updated_at"] = stamp.isoformat()
            contact_docs.append((contact.id, doc))
        interaction_docs: list[tuple[str, dict[str, Any]]] = []
        for interaction in interactions:
            if not interaction.contact_id:
                raise UserError("an interaction must belong to a contact")
            check_interaction(interaction, bounds)
            interaction_docs.append((interaction.contact_id, codec.interaction_to_doc(interaction)))
        with no_gc():
            self._put_batch(CONTACTS, contact_docs)
            self._put_batch(INTERACTIONS, interaction_docs)
            touched = {cid for cid, _ in contact_docs} | {cid for cid, _ in interaction_docs}
            self._sync_many(touched)

    def remove_contact(self, contact_id: str) -> None:
        """Delete a contact and its interactions (used by undo of an add, never by the UI)."""
        for interaction in self.interactions(contact_id):
            self.raw_put(INTERACTIONS, contact_id, interaction.id, None)
        self.raw_put(CONTACTS, contact_id, contact_id, None)

    def put_interaction(self, interaction: Interaction) -> None:
        """Insert or replace an interaction and keep the contact's last_interaction_at."""
        if not interaction.contact_id:
            raise UserError("an interaction must belong to a contact")
        doc = codec.interaction_to_doc(check_interaction(interaction, self._cache.bounds()))
        self.raw_put(INTERACTIONS, interaction.contact_id, interaction.id, doc, checked=True)
        self._sync_many({interaction.contact_id})

    def remove_interaction(self, contact_id: str, interaction_id: str) -> None:
        self.raw_put(INTERACTIONS, contact_id, interaction_id, None)
        self._sync_many({contact_id}, clear=True)

    def resources(self) -> list[Resource]:
        """Every resource of the library, as of this transaction."""
        docs = self._tables(RESOURCES_FILE).get(RESOURCES, {})
        return [self._cache.build_resource(d) for d in docs.values()]

    def get_resource(self, resource_id: str) -> Resource | None:
        doc = self.raw_get(RESOURCES, "", resource_id)
        return self._cache.build_resource(doc) if doc is not None else None

    def put_resource(self, resource: Resource, *, touch: bool = True) -> None:
        """Insert or replace a resource (updated_at set to now unless touch=False)."""
        if touch:
            resource = resource.copy(updated_at=self._clock())
        self.raw_put(RESOURCES, "", resource.id, resource.to_dict())

    def remove_resource(self, resource_id: str) -> None:
        self.raw_put(RESOURCES, "", resource_id, None)

    def _latest_interactions(self, contact_ids: set[str]) -> dict[str, datetime]:
        """The newest interaction time of each of these contacts that has any."""
        by_rel: dict[str, set[str]] = {}
        for cid in contact_ids:
            by_rel.setdefault(rel(INTERACTIONS, shard_of(cid)), set()).add(cid)
        latest: dict[str, datetime] = {}
        for rel_path, wanted in by_rel.items():
            adding = self._appending(rel_path)
            times = adding.times(wanted) if adding is not None else None
            if times is None:
                docs = self._tables(rel_path).get(INTERACTIONS, {})
                times = [(d["contact_id"], d["at"], key) for key, d in docs.items() if d["contact_id"] in wanted]
            for cid, when, doc_id in times:
                try:
                    at = codec.aware(when)
                except (TypeError, ValueError):
                    raise self._cache.damaged(rel_path, f"interaction {doc_id} has an unreadable time") from None
                if cid not in latest or at > latest[cid]:
                    latest[cid] = at
        return latest

    def _sync_many(self, contact_ids: set[str], *, clear: bool = False) -> None:
        """Make each contact's last_interaction_at its newest interaction's time.

        A contact without interactions keeps its value unless `clear` (its last
        interaction was just removed).
        """
        latest = self._latest_interactions(contact_ids)
        if not latest and not clear:
            return  # none has an interaction: each keeps its value (an import of new people)
        updates: list[tuple[str, dict[str, Any]]] = []
        for cid in contact_ids:
            doc = self.raw_get(CONTACTS, cid, cid)
            if doc is None:
                continue
            newest = latest.get(cid)
            if newest is None and not clear:
                continue
            current = from_iso(doc.get("last_interaction_at"))
            if newest != current:
                updated = dict(doc)
                updated["last_interaction_at"] = newest.isoformat() if newest else None
                updates.append((cid, updated))
        if len(updates) == 1:
            cid, doc = updates[0]
            self.raw_put(CONTACTS, cid, cid, doc)
        elif updates:
            self._put_batch(CONTACTS, updates)

    # -- what to commit

    def dirty(self) -> bool:
        """True if this transaction changes any record."""
        return any(op.before != op.after for op in self._ops.values())

    def outcome(self) -> tuple[dict[str, Tables | Spliced | Appended], Change]:
        """The files to write (new contents) and the change they make."""
        ops = [op for op in self._ops.values() if op.before != op.after]
        by_file: dict[str, list[Op]] = {}
        for op in ops:
            by_file.setdefault(op.file, []).append(op)
        files: dict[str, Tables | Spliced | Appended] = {}
        for rel_path, its_ops in by_file.items():
            splice = self._splices.get(rel_path)
            if splice is not None:
                files[rel_path] = Spliced(splice.payload(), dict(splice.puts))
            else:
                files[rel_path] = self._appended(rel_path, its_ops) or self._whole(rel_path)
        return files, Change(self.label, ops)

    def _whole(self, rel_path: str) -> Tables:
        if rel_path in self._appends:
            self._unappend(rel_path)
        return self._pending[rel_path]

    def _appended(self, rel_path: str, ops: list[Op]) -> Appended | None:
        """An interaction shard's new bytes by appending (`transaction_append`), when its
        version as read is this process's own encoding (or known good, `appending`) and
        the change only adds records."""
        adding = self._appends.get(rel_path)
        if adding is not None:
            only_added = all(op.before is None and op.after is not None for op in ops)
            return adding.appended({op.doc_id for op in ops}) if only_added else None
        entry = self._bases.get(rel_path)
        if (entry is None or not entry.canonical or entry.data is not self._read.get(rel_path)
                or any(op.before is not None or op.after is None for op in ops)):
            return None
        base = self._cache.bytes_of(rel_path, entry)
        if base is None:
            return None
        tail = entry.tail if entry.tail is not None else tail_state(base)
        return appended(base, self._read[rel_path].get(INTERACTIONS, {}), tail,
                        self._pending[rel_path], [op.doc_id for op in ops])

    def touched(self) -> dict[str, set[str]]:
        """The records this transaction changed, by file."""
        found: dict[str, set[str]] = {}
        for op in self._ops.values():
            if op.before != op.after:
                found.setdefault(op.file, set()).add(op.doc_id)
        return found

    def abort(self) -> None:
        self._pending.clear()
        self._splices.clear()
        self._appends.clear()
