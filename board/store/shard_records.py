"""Records to objects for the shard cache: a stored record as a `Contact`, `Interaction` or
`Resource`, each value out of range read at its bound (noted), and a record that cannot be
read reported as its file's damage. A mixin of `shards.ShardCache`."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from board.errors import DataError, TrustboardError
from board.model import Contact, Interaction, Resource, Sketch
from board.store import codec
from board.store.bounds import Bounds, clamp_contact, clamp_interaction
from board.store.files import StatKey, no_gc
from board.store.layout import CONTACTS, RESOURCES_FILE, Tables

if TYPE_CHECKING:
    from pathlib import Path

    from board.store.shard_entry import Entry

Record = TypeVar("Record", Contact, Interaction)
CONTACTS_DIR = CONTACTS + "/"
ALONE_KEPT = 256  # contacts built alone (`one_contact`) remembered, the last looked at


class ShardRecords:
    """The cache's records as objects (see the module)."""

    if TYPE_CHECKING:
        root: Path
        clock: Callable[[], datetime]
        notes: dict[str, None]
        alone: OrderedDict[str, tuple[Entry, Contact | None]]
        damaged: Callable[[str, str], DataError]
        files: dict[str, Entry]
        _held: OrderedDict[str, None]

        def reread(self, rel: str, entry: Entry) -> Tables: ...

        def entry(self, rel: str) -> tuple[Entry, bool]: ...

    def bounds(self) -> Bounds:
        return Bounds.at(self.clock())

    def _note(self, rel: str, notes: list[str]) -> None:
        for note in notes:
            self.notes.setdefault(f"{self.root / rel}: {note}")

    def build_contact(self, rel: str, doc: dict[str, Any], bounds: Bounds | None = None) -> Contact:
        return self._build(rel, doc, bounds, codec.contact_from_doc, clamp_contact, "contact")

    def build_interaction(self, rel: str, doc: dict[str, Any], bounds: Bounds | None = None) -> Interaction:
        return self._build(rel, doc, bounds, codec.interaction_from_doc, clamp_interaction, "interaction")

    def _build(
        self, rel: str, doc: dict[str, Any], bounds: Bounds | None,
        read: Callable[[dict[str, Any]], Record], clamp: Callable[[Record, Bounds, list[str]], Record],
        what: str,
    ) -> Record:
        """A record of file `rel` as an object, each value out of range at its bound (noted);
        a record that cannot be read is the file's damage."""
        try:
            record = read(doc)
        except (ValueError, TypeError, TrustboardError) as exc:
            raise self.damaged(rel, f"{what} {doc.get('id')} cannot be read ({exc})") from None
        return self._clamped(rel, record, bounds, clamp)

    def clamped(self, rel: str, contact: Contact, bounds: Bounds | None = None) -> Contact:
        """A contact built before (from a record still as it was), read at today's bounds."""
        return self._clamped(rel, contact, bounds, clamp_contact)

    def _clamped(
        self, rel: str, record: Record, bounds: Bounds | None,
        clamp: Callable[[Record, Bounds, list[str]], Record],
    ) -> Record:
        notes: list[str] = []
        record = clamp(record, bounds or self.bounds(), notes)
        if notes:
            self._note(rel, notes)
        return record

    def build_resource(self, doc: dict[str, Any]) -> Resource:
        try:
            return codec.resource_from_doc(doc)
        except (ValueError, TypeError, TrustboardError) as exc:
            raise self.damaged(RESOURCES_FILE, f"resource {doc.get('id')} cannot be read ({exc})") from None

    def shard_contacts(self, rel: str, entry: Entry) -> dict[str, Contact]:
        """The contacts of a loaded contact shard, built once per version of the file."""
        built = entry.contacts
        if built is None:
            built = {}
            bounds = self.bounds()
            notes: list[str] = []
            build = codec.contact_from_doc
            with no_gc():
                for cid, doc in entry.data.get(CONTACTS, {}).items():
                    try:
                        contact = build(doc)
                    except (ValueError, TypeError, TrustboardError) as exc:
                        raise self.damaged(rel, f"contact {doc.get('id')} cannot be read ({exc})") from None
                    # Keyed by the contact's own id string, so that the key parsed
                    # from the file can go with the rest of the parse.
                    built[contact.id if contact.id == cid else cid] = clamp_contact(contact, bounds, notes)
            if notes:
                self._note(rel, notes)
            entry.contacts = built
            entry.let_go(self, rel)
        return built

    def passing_sketches(self, rel: str, entry: Entry, kept: bool) -> list[Sketch]:
        """The sketches of a loaded contact shard's contacts: of the contacts, if they are
        built, else read from the records, whose parse is then let go again unless it was
        `kept` before this pass (a pass over every shard holds one shard's records at a time)."""
        built = entry.contacts
        if built is not None:
            return [Sketch(c.id, c.name, c.stage, c.company, c.expertise, c.archived) for c in built.values()]
        read = codec.sketch_from_doc
        with no_gc():
            try:
                sketches = [read(doc) for doc in entry.data.get(CONTACTS, {}).values()]
            except (ValueError, TypeError, TrustboardError) as exc:
                raise self.damaged(rel, f"a contact cannot be read ({exc})") from None
        if not kept and entry.key is not None:
            entry.unparsed(self, rel)
        return sketches

    def passing_contacts(self, rel: str, entry: Entry) -> dict[str, Contact]:
        """The contacts of a loaded shard for one pass over them: as kept if they were
        built, else built for the pass and not kept (`entry.contacts is` the result says
        which): a pass over every shard then holds one shard's contacts at a time."""
        kept = entry.contacts is not None
        built = self.shard_contacts(rel, entry)
        if not kept and entry.contacts is built and not entry.held:
            entry.contacts = None  # (its parse was let go: `data` reads that version again)
        return built

    def one_contact(self, rel: str, entry: Entry, contact_id: str) -> Contact | None:
        """One contact of a loaded contact shard: as built if its shard's contacts are,
        else built alone from its record and remembered for this version of the file. A
        person looked at (Today's next steps, the selected card) then does not build the
        hundreds beside them: 25 of Today's, each with its shard, held 12.5 MiB at 100,000."""
        if entry.contacts is not None:
            return entry.contacts.get(contact_id)
        kept = self.alone.get(contact_id)
        if kept is not None and kept[0] is entry:
            self.alone.move_to_end(contact_id)
            return kept[1]
        doc = entry.data.get(CONTACTS, {}).get(contact_id)
        contact = None if doc is None else self.build_contact(rel, doc)
        if self.files.get(rel) is entry:  # (still this version: not one a reread moved on to)
            self._let_go_parse(rel, entry)
            self.alone[contact_id] = (entry, contact)
            while len(self.alone) > ALONE_KEPT:
                self.alone.popitem(last=False)
        return contact

    def look_at(self, rel: str) -> tuple[StatKey | None, int]:
        """Read a contact shard, checked as any read, for its records' count alone (the
        name index's look at every shard it does not hold): its parse goes at once, unless
        its contacts are built (every shard's parses, kept, were 96 MiB at 30,000)."""
        entry = self.entry(rel)[0]
        count = len(entry.data.get(CONTACTS, {}))
        self._let_go_parse(rel, entry)
        return entry.key, count

    def _let_go_parse(self, rel: str, entry: Entry) -> None:
        if entry.contacts is None and entry.held and entry.key is not None and rel not in self._held \
                and rel.startswith(CONTACTS_DIR):
            entry.unparsed(self, rel)

    def interactions_of(self, rel: str, docs: dict[str, dict[str, Any]], contact_id: str) -> list[Interaction]:
        bounds = self.bounds()
        found = [self.build_interaction(rel, d, bounds) for d in docs.values() if d["contact_id"] == contact_id]
        found.sort(key=lambda i: i.at)
        return found
