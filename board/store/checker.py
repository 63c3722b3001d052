"""`trustboard check`: read and verify every file of a store and every backup.

It finds what is otherwise only caught when a command happens to read a file: a
garbled shard, a record in the wrong shard or with a malformed field, an interaction
whose contact is gone, a `last_interaction_at` that disagrees with the interactions,
values out of range, a backup whose files no longer match their checksums. It changes nothing (not even a journal a
crash left: that is reported, and finished by the next ordinary command).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from board.errors import DataError, TrustboardError
from board.store import codec, layout
from board.store.backups import Backups
from board.store.bounds import Bounds, clamp_contact, clamp_interaction
from board.store.files import read_with_key
from board.store.shards import ShardCache

R = TypeVar("R")

class Checker:
    """One run of `check` over one data directory (the caller holds the shared lock)."""

    def __init__(self, root: Path, clock: Callable[[], datetime]) -> None:
        self.root = root
        self.backups = Backups(root, clock)
        self.cache = ShardCache(root, self.backups.damaged, clock)
        self.bounds = Bounds.at(clock())
        self.problems: list[str] = []
        self.contacts: dict[str, dict[str, Any]] = {}
        self.latest: dict[str, datetime] = {}
        self.interactions: set[str] = set()
        self.resources: set[str] = set()
        self.backup_count = 0

    def say(self, rel: str, text: str) -> None:
        self.problems.append(f"{self.root / rel}: {text}")

    def run(self) -> list[str]:
        if (self.root / layout.JOURNAL_FILE).exists():
            self.say(layout.JOURNAL_FILE, "an unfinished change a crash left (the next command completes it)")
        if (self.root / layout.LEGACY_FILE).exists():
            self.say(layout.LEGACY_FILE, "data in the old single-file form (the next command migrates it)")
        self._meta()
        for rel in layout.CONTACT_RELS:
            data = self._load(rel)
            if data is not None:
                self._contacts(rel, data)
        for rel in layout.INTERACTION_RELS:
            data = self._load(rel)
            if data is not None:
                self._interactions(rel, data)
        resources = self._load(layout.RESOURCES_FILE)
        self.resources = set((resources or {}).get(layout.RESOURCES, {}))
        for rid, doc in (resources or {}).get(layout.RESOURCES, {}).items():
            problem = codec.resource_problem(doc)
            if problem:
                self.say(layout.RESOURCES_FILE, f"resource {rid[:8]}: {problem[1]}")
        self._cross_references()
        seen: dict[tuple[int, int, int, int], str] = {}
        self.backup_count = 0
        for folder in self.backups.dirs():
            self.backup_count += 1
            self.problems.extend(self.backups.verify(folder, seen, as_found=False))
        return self.problems

    def _load(self, rel: str) -> layout.Tables | None:
        found = read_with_key(self.root / rel)
        if found is None:
            return None
        try:
            return self.cache.decode(rel, found[1])
        except DataError as exc:
            reason = str(exc).split(" cannot be read: ", 1)[-1].split(". It was left untouched")[0]
            self.say(rel, f"damaged: {reason}")
            return None

    def _meta(self) -> None:
        data = self._load(layout.META_FILE)
        if data is None:
            if not (self.root / layout.META_FILE).exists() and not (self.root / layout.LEGACY_FILE).exists():
                self.say(layout.META_FILE, "missing")
            return
        version = codec.meta_version(data)
        if version is None:
            self.say(layout.META_FILE, "it records no schema version")
        elif version > layout.SCHEMA_VERSION:
            newest = layout.SCHEMA_VERSION
            self.say(layout.META_FILE, f"schema {version}, newer than this trustboard reads ({newest})")

    def _contacts(self, rel: str, data: layout.Tables) -> None:
        for cid, doc in data.get(layout.CONTACTS, {}).items():
            who = f"contact {cid[:8]} ({doc.get('name')})"
            contact = self._record(
                rel, who, doc, layout.file_of(layout.CONTACTS, cid),
                codec.contact_problem, codec.contact_from_doc, clamp_contact,
            )
            if contact is None:
                continue
            if cid in self.contacts:
                self.say(rel, f"{who}: the id appears twice")
            self.contacts[cid] = doc

    def _interactions(self, rel: str, data: layout.Tables) -> None:
        for iid, doc in data.get(layout.INTERACTIONS, {}).items():
            what = f"interaction {iid[:8]}"
            owner = doc.get("contact_id")
            home = layout.file_of(layout.INTERACTIONS, owner) if isinstance(owner, str) else rel
            item = self._record(
                rel, what, doc, home,
                codec.interaction_problem, codec.interaction_from_doc, clamp_interaction,
            )
            if item is None:
                continue
            if owner not in self.contacts:
                self.say(rel, f"{what} belongs to contact {item.contact_id[:8]}, which does not exist")
            self.interactions.add(iid)
            if item.contact_id not in self.latest or item.at > self.latest[item.contact_id]:
                self.latest[item.contact_id] = item.at

    def _record(
        self,
        rel: str,
        what: str,
        doc: dict[str, Any],
        home: str,
        problem_of: Callable[[dict[str, Any]], tuple[str, str] | None],
        from_doc: Callable[[dict[str, Any]], R],
        clamp: Callable[[R, Bounds, list[str]], object],
    ) -> R | None:
        """One record's shape, shard and dates checked: the record, or None if unreadable."""
        problem = problem_of(doc)
        if problem:
            self.say(rel, f"{what}: {problem[1]}")
            return None
        if home != rel:
            self.say(rel, f"{what} is in the wrong shard (it belongs in {home})")
        try:
            record = from_doc(doc)
        except (ValueError, TypeError, TrustboardError) as exc:
            self.say(rel, f"{what} cannot be read ({exc})")
            return None
        notes: list[str] = []
        clamp(record, self.bounds, notes)
        for note in notes:
            self.say(rel, note)
        return record

    def _cross_references(self) -> None:
        """The invariants the store keeps between files: every interaction's contact exists
        (checked as they are read), and `last_interaction_at` is the newest interaction's
        time. (An introducer, a linked interaction or a shared resource may be gone since:
        removing one leaves the history as it was, so those are not problems.)"""
        for cid, doc in self.contacts.items():
            rel = layout.file_of(layout.CONTACTS, cid)
            who = f"contact {cid[:8]} ({doc.get('name')})"
            newest = self.latest.get(cid)
            stored = codec.aware(doc["last_interaction_at"]) if doc.get("last_interaction_at") else None
            if newest is not None and stored != newest:
                shown = stored.isoformat() if stored else "empty"
                self.say(rel, f"{who}: last_interaction_at is {shown}, but the newest "
                              f"interaction is at {newest.isoformat()}")
