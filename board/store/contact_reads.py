"""Reading contacts: every one (`contacts`), a scan of everyone that keeps no shard built
(`each_contact`), or of everyone's sketch (`each_sketch`), one by id (`get`), as this
store's snapshot has them.

A mixin of `Store`, like `interaction_reads`: a contact shard's contacts are built once per
version of its file (`ShardRecords.shard_contacts`) and kept, so that reading a person
again costs a lookup; a scan of everyone builds those it needs and lets them go.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import TYPE_CHECKING

from board.errors import UserError
from board.model import Contact, Sketch
from board.store.files import no_gc
from board.store.layout import CONTACT_RELS, contact_rel
from board.store.store_parts import StoreParts

if TYPE_CHECKING:
    from board.store.shards import Entry


class ContactReads(StoreParts):
    """contacts, each_contact, each_sketch, get."""

    def _entry(self, rel: str) -> Entry:
        """The shard's cached entry, else its file read now (under the shared lock)."""
        entry = self._cache.files.get(rel)
        if entry is None:
            with self._reading():
                entry = self._cache.entry(rel)[0]
        return entry

    def _shard_contacts(self, rel: str) -> dict[str, Contact]:
        return self._cache.shard_contacts(rel, self._entry(rel))

    def contacts(self, *, archived: bool | None = False) -> list[Contact]:
        """Every contact (archived ones only if asked: False hides, True only, None all)."""
        out: list[Contact] = []
        # One GC pause for the whole load: re-enabling it after each shard would run
        # ever larger collections over everything built so far (a third of the time).
        with self._mutex, no_gc():
            unread = not all(rel in self._cache.files for rel in CONTACT_RELS)
            with self._reading() if unread else nullcontext():
                # Each shard's contacts built as it is read, so that its parse can go
                # before the next is read: never every shard's records at once.
                for rel in CONTACT_RELS:
                    if unread:
                        built = self._cache.shard_contacts(rel, self._cache.entry(rel)[0])
                    else:
                        built = self._shard_contacts(rel)
                    if archived is None:
                        out.extend(built.values())
                    else:
                        out.extend(c for c in built.values() if c.archived == archived)
        return out

    def each_contact(self, *, archived: bool | None = False) -> Iterator[Contact]:
        """Every contact, as `contacts` gives them, shard by shard: a shard whose contacts
        were not built is built for the scan and let go after it, so a scan of everyone
        (the who-knows-what network) holds one shard's at a time, not the whole store."""
        for rel in CONTACT_RELS:
            with self._mutex:
                built = self._cache.passing_contacts(rel, self._entry(rel))
            yield from (c for c in built.values() if archived is None or c.archived == archived)

    def each_sketch(self, *, archived: bool | None = False) -> Iterator[Sketch]:
        """Every contact's `Sketch`, as `each_contact` gives the contacts, shard by shard,
        read from the records without building the contacts (a fifth of the work: the
        network of everyone, at 100,000 contacts, in one second rather than five)."""
        for rel in CONTACT_RELS:
            with self._mutex:
                seen = self._cache.files.get(rel)
                entry = self._entry(rel)
                sketches = self._cache.passing_sketches(rel, entry, seen is entry and entry.held)
            yield from (s for s in sketches if archived is None or s.archived == archived)

    def get(self, contact_id: str) -> Contact:
        """The contact as in this store's snapshot: while its shard's contacts are not
        built, built alone from its record (`ShardRecords.one_contact`)."""
        rel = contact_rel(contact_id)
        with self._mutex:
            contact = self._cache.one_contact(rel, self._entry(rel), contact_id)
        if contact is None:
            raise UserError(f"no contact with id {contact_id}")
        return contact

    def _snapshot(self, contact_id: str) -> Contact | None:
        """The contact as `get` gave it (what an edit is compared with), with its shard's
        contacts built: a change to one of them then splices its record. (Built after the
        shard's parse was let go, they are of the file as it is now, which may be newer.)"""
        rel = contact_rel(contact_id)
        with self._mutex:
            seen, entry = self._cache.alone.get(contact_id), self._cache.files.get(rel)
            built = self._shard_contacts(rel)
            if seen is not None and seen[0] is entry:
                return seen[1]
            return built.get(contact_id)

