"""The store: the one door to trustboard's data.

Layout of a data directory::

    meta.json               schema version (TinyDB table `_meta`)
    contacts/XX.json        contacts whose id hashes to shard XX (256 shards)
    interactions/XX.json    the interactions of those same contacts
    journal.json            present only while a multi-file change is being applied
    backups/                rotating copies: one a day (last 7), one before each import/migration
    .lock                   the flock every read-change-write cycle holds

Each shard is a TinyDB database whose `Storage` is bound to a transaction: TinyDB
does the document bookkeeping, the transaction decides when and how bytes reach the
disk. One change rewrites only the shard(s) it touches; a change touching several
files is first written whole to `journal.json`, so a crash at any instant leaves the
old or the new state. Parsed files are cached and reused while their
(inode, size, mtime_ns) are unchanged, which is also how another process's change is
noticed.
"""

from __future__ import annotations

import os
import shutil
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from board.errors import DataError, UserError
from board.files import FileLock, ensure_dir, fsync_dir, stat_key, write_atomic
from board.model import (
    Contact,
    Interaction,
    Kind,
    Stage,
    Value,
    from_iso,
    new_id,
    now,
    resolve_contact,
)

SCHEMA_VERSION = 1
SHARDS = 256
CONTACTS = "contacts"
INTERACTIONS = "interactions"
META_FILE = "meta.json"
JOURNAL_FILE = "journal.json"
LEGACY_FILE = "trustboard.json"  # schema 0: one TinyDB file with both tables
BACKUPS = "backups"
KEEP_DAILY = 7
KEEP_EVENT = 5

Tables = dict[str, dict[str, dict[str, Any]]]


def shard_of(contact_id: str) -> str:
    """The shard a contact and its interactions live in (stable for any id string)."""
    return f"{zlib.crc32(contact_id.encode()) & 0xFF:02x}"


def _rel(table: str, shard: str) -> str:
    return f"{table}/{shard}.json"


def _dumps(data: Any) -> bytes:
    return orjson.dumps(data)


# --- TinyDB plumbing ---------------------------------------------------------


class _StrIdTable(Table):
    """Documents keyed by our own string ids; TinyDB never invents an id."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> str:  # pragma: no cover - we always pass ids
        raise RuntimeError("trustboard assigns document ids itself")


class _ShardDB(TinyDB):
    table_class = _StrIdTable


class _TxnStorage(Storage):
    """A TinyDB storage that reads through the store's cache and writes into a transaction."""

    def __init__(self, txn: Transaction, rel: str) -> None:
        self._txn = txn
        self._rel = rel

    def read(self) -> Tables | None:
        tables = self._txn._tables(self._rel)
        # A shallow copy: TinyDB replaces whole tables, never edits our cached documents
        # (we only use insert and remove, which build new table dicts).
        return dict(tables)

    def write(self, data: Tables) -> None:
        self._txn._pending[self._rel] = data


# --- changes and undo --------------------------------------------------------


@dataclass(slots=True)
class Op:
    """One record's state before and after a change (None: absent)."""

    table: str
    contact_id: str
    doc_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class Change:
    """A committed change: what it was called and every record it touched."""

    label: str
    ops: list[Op] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.ops)

    def inverse(self, label: str) -> Change:
        return Change(
            label,
            [Op(o.table, o.contact_id, o.doc_id, o.after, o.before) for o in reversed(self.ops)],
        )


# --- the store ---------------------------------------------------------------


class Store:
    """Opens a data directory and is the only reader and writer of its files."""

    def __init__(self, root: Path | str, *, clock: Callable[[], datetime] = now) -> None:
        self.root = Path(root).expanduser()
        self.clock = clock
        self._files: dict[str, tuple[tuple[int, int, int] | None, Tables]] = {}
        self._contacts: dict[str, dict[str, Contact]] = {}
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []
        self._open()

    # -- opening, schema, migration

    def _open(self) -> None:
        try:
            ensure_dir(self.root)
            os.chmod(self.root, 0o700)
        except OSError as exc:
            raise DataError(f"cannot use data directory {self.root}: {exc.strerror}") from None
        self.lock = FileLock(self.root / ".lock")
        with self.lock.exclusive():
            self._recover_journal()
            meta_path = self.root / META_FILE
            if not meta_path.exists():
                if (self.root / LEGACY_FILE).exists():
                    self._migrate_from_legacy()
                else:
                    ensure_dir(self.root / CONTACTS)
                    ensure_dir(self.root / INTERACTIONS)
                    self._write_meta(SCHEMA_VERSION)
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise DataError(
                    f"{meta_path} was written by a newer trustboard (schema {version}; "
                    f"this one reads up to {SCHEMA_VERSION}): upgrade trustboard to open it"
                )
            self._load_all_contacts()

    def schema_version(self) -> int:
        meta = self._parse(META_FILE)
        try:
            record = next(iter(meta["_meta"].values()))
            version = record["schema_version"]
        except (KeyError, StopIteration, TypeError, AttributeError):
            raise self._damaged(META_FILE, "it has no schema version") from None
        if not isinstance(version, int):
            raise self._damaged(META_FILE, f"its schema version {version!r} is not a number")
        return version

    def _write_meta(self, version: int) -> None:
        payload = {"_meta": {"schema": {"schema_version": version}}}
        write_atomic(self.root / META_FILE, _dumps(payload))

    def _migrate_from_legacy(self) -> None:
        """Schema 0 kept everything in one TinyDB file; split it into shards."""
        legacy = self.root / LEGACY_FILE
        self.backup("before-migration", extra=[legacy])
        tables = self._parse(LEGACY_FILE)
        ensure_dir(self.root / CONTACTS)
        ensure_dir(self.root / INTERACTIONS)
        with self.transaction("migration", record=False, backup=False) as txn:
            for doc in (tables.get("contacts") or {}).values():
                contact = Contact.from_dict(doc)
                txn.put_contact(contact, touch=False)
            for doc in (tables.get("interactions") or {}).values():
                txn.put_interaction(Interaction.from_dict(doc))
        self._write_meta(SCHEMA_VERSION)
        legacy.unlink()
        fsync_dir(self.root)

    # -- reading files

    def _parse(self, rel: str) -> Tables:
        path = self.root / rel
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror}") from None
        if not raw.strip():
            raise self._damaged(rel, "it is empty")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise self._damaged(rel, f"it is not valid JSON ({exc})") from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise self._damaged(rel, "it does not hold trustboard tables")
        return data

    def _damaged(self, rel: str, reason: str) -> DataError:
        backup = self.newest_good_backup(rel)
        hint = (
            f"the newest good backup is {backup}"
            if backup
            else "no good backup of it exists"
        )
        return DataError(
            f"{self.root / rel} cannot be read: {reason}. It was left untouched; {hint}"
        )

    def _cached(self, rel: str) -> Tables:
        """The parsed file, re-read only if its (inode, size, mtime) changed."""
        key = stat_key(self.root / rel)
        hit = self._files.get(rel)
        if hit is not None and hit[0] == key:
            return hit[1]
        data = self._parse(rel) if key is not None else {}
        self._files[rel] = (key, data)
        if rel.startswith(CONTACTS + "/"):
            self._contacts.pop(rel, None)
        return data

    def _load_all_contacts(self) -> bool:
        changed = False
        for shard in range(SHARDS):
            rel = _rel(CONTACTS, f"{shard:02x}")
            before = self._files.get(rel)
            self._cached(rel)
            changed = changed or before is None or before[0] != self._files[rel][0]
        return changed

    def _shard_contacts(self, rel: str) -> dict[str, Contact]:
        built = self._contacts.get(rel)
        if built is None:
            raw = self._files[rel][1].get(CONTACTS, {})
            built = {cid: Contact.from_dict(doc) for cid, doc in raw.items()}
            self._contacts[rel] = built
        return built

    # -- public reads

    def refresh(self, blocking: bool = True) -> bool:
        """Pick up other processes' changes; True if any contact shard changed.

        With blocking=False, returns False at once while another process holds the lock.
        """
        if (self.root / JOURNAL_FILE).exists():
            with self.lock.exclusive():
                self._recover_journal()
        with self.lock.shared(blocking=blocking) as held:
            if not held:
                return False
            for rel in [r for r in self._files if r.startswith(INTERACTIONS + "/")]:
                if self._files[rel][0] != stat_key(self.root / rel):
                    del self._files[rel]
            return self._load_all_contacts()

    def contacts(self, *, archived: bool | None = False) -> list[Contact]:
        """Every contact (archived ones only if asked: False hides, True only, None all)."""
        out: list[Contact] = []
        for shard in range(SHARDS):
            rel = _rel(CONTACTS, f"{shard:02x}")
            if rel not in self._files:
                self._cached(rel)
            for contact in self._shard_contacts(rel).values():
                if archived is None or contact.archived == archived:
                    out.append(contact)
        return out

    def get(self, contact_id: str) -> Contact:
        rel = _rel(CONTACTS, shard_of(contact_id))
        if rel not in self._files:
            self._cached(rel)
        contact = self._shard_contacts(rel).get(contact_id)
        if contact is None:
            raise UserError(f"no contact with id {contact_id}")
        return contact

    def find(self, query: str, *, archived: bool | None = None) -> Contact:
        """Resolve a CLI `CONTACT` argument (id, id prefix, name, unique name prefix)."""
        return resolve_contact(query, self.contacts(archived=archived))

    def interactions(self, contact_id: str) -> list[Interaction]:
        """The contact's interactions, oldest first."""
        rel = _rel(INTERACTIONS, shard_of(contact_id))
        docs = self._cached(rel).get(INTERACTIONS, {})
        found = [
            Interaction.from_dict(doc) for doc in docs.values() if doc.get("contact_id") == contact_id
        ]
        found.sort(key=lambda i: i.at)
        return found

    def all_interactions(self) -> Iterator[Interaction]:
        """Every interaction (reads every interaction shard: for stats and export)."""
        for shard in range(SHARDS):
            rel = _rel(INTERACTIONS, f"{shard:02x}")
            for doc in self._cached(rel).get(INTERACTIONS, {}).values():
                yield Interaction.from_dict(doc)

    # -- transactions

    @contextmanager
    def transaction(
        self, label: str, *, record: bool = True, backup: bool | str = True
    ) -> Iterator[Transaction]:
        """A read-change-write cycle under the exclusive lock, durable when it exits.

        `backup` may name an event ("before-import") to keep a backup first; True keeps
        the daily one. With `record`, the change joins the session's undo history.
        """
        with self.lock.exclusive():
            self._recover_journal()
            self._load_all_contacts()
            if backup:
                self._maybe_backup(backup if isinstance(backup, str) else None)
            txn = Transaction(self, label)
            try:
                yield txn
            except BaseException:
                txn._abort()
                raise
            change = txn._commit()
        if record and change:
            self.undo_stack.append(change)
            self.redo_stack.clear()
        txn.change = change

    def _write_files(self, files: dict[str, Tables]) -> None:
        """Write several files so that all or none of them take effect."""
        payloads = {rel: _dumps(data) for rel, data in files.items()}
        if len(payloads) > 1:
            journal = b"".join(
                [b'{"files":{', b",".join(_dumps(rel) + b":" + p for rel, p in payloads.items()), b"}}"]
            )
            write_atomic(self.root / JOURNAL_FILE, journal)
        dirs = set()
        for rel, payload in payloads.items():
            path = self.root / rel
            st = write_atomic(path, payload, sync_dir=False)
            dirs.add(path.parent)
            self._files[rel] = ((st.st_ino, st.st_size, st.st_mtime_ns), files[rel])
            self._contacts.pop(rel, None)
        for folder in dirs:
            fsync_dir(folder)
        if len(payloads) > 1:
            (self.root / JOURNAL_FILE).unlink()
            fsync_dir(self.root)

    def _recover_journal(self) -> None:
        """Finish a multi-file change that a crash interrupted (journal is complete or absent)."""
        path = self.root / JOURNAL_FILE
        if not path.exists():
            return
        try:
            files = orjson.loads(path.read_bytes())["files"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            raise self._damaged(JOURNAL_FILE, "the change journal is not valid") from None
        for rel, data in files.items():
            ensure_dir((self.root / rel).parent)
            write_atomic(self.root / rel, _dumps(data))
            self._files.pop(rel, None)
            self._contacts.pop(rel, None)
        path.unlink()
        fsync_dir(self.root)

    # -- backups

    def _backup_dirs(self) -> list[Path]:
        folder = self.root / BACKUPS
        if not folder.is_dir():
            return []
        return sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True)

    def _maybe_backup(self, event: str | None) -> None:
        if event:
            self.backup(event)
            return
        today = self.clock().strftime("%Y%m%d")
        if any(p.name.startswith(today) and p.name.endswith("-daily") for p in self._backup_dirs()):
            return
        if not any((self.root / CONTACTS).glob("*.json")):
            return  # nothing worth keeping yet
        self.backup("daily")

    def backup(self, reason: str, extra: Iterable[Path] = ()) -> Path:
        """Copy the data files into backups/<time>-<reason>/ and prune old backups."""
        stamp = self.clock().strftime("%Y%m%d-%H%M%S-%f")
        target = self.root / BACKUPS / f"{stamp}-{reason}"
        ensure_dir(target)
        sources = [self.root / META_FILE, *extra]
        for table in (CONTACTS, INTERACTIONS):
            folder = self.root / table
            if folder.is_dir():
                ensure_dir(target / table)
                sources.extend(sorted(folder.glob("*.json")))
        for src in sources:
            if src.exists():
                shutil.copy2(src, target / src.relative_to(self.root))
        self._prune_backups()
        return target

    def _prune_backups(self) -> None:
        daily = [p for p in self._backup_dirs() if p.name.endswith("-daily")]
        events = [p for p in self._backup_dirs() if not p.name.endswith("-daily")]
        for old in daily[KEEP_DAILY:] + events[KEEP_EVENT:]:
            shutil.rmtree(old, ignore_errors=True)

    def newest_good_backup(self, rel: str) -> Path | None:
        for folder in self._backup_dirs():
            candidate = folder / rel
            if not candidate.exists():
                if rel.startswith((CONTACTS, INTERACTIONS)) and (folder / META_FILE).exists():
                    return folder  # the shard was empty then
                continue
            try:
                orjson.loads(candidate.read_bytes())
            except (orjson.JSONDecodeError, OSError):
                continue
            return folder
        return None

    # -- high-level changes (each durable when it returns, each undoable)

    def add_contact(self, contact: Contact) -> Contact:
        with self.transaction(f"added {contact.name}") as txn:
            if txn.get(contact.id) is not None:
                raise UserError(f"a contact with id {contact.id} already exists")
            txn.put_contact(contact)
        return self.get(contact.id)

    def update_contact(self, contact: Contact, label: str | None = None) -> Contact:
        with self.transaction(label or f"edited {contact.name}") as txn:
            current = txn.require(contact.id)
            if current.stage != contact.stage:
                contact = contact.copy(stage_changed_at=self.clock())
            contact = contact.copy(last_interaction_at=current.last_interaction_at)
            txn.put_contact(contact)
        return self.get(contact.id)

    def move(self, contact_id: str, stage: Stage) -> Contact:
        current = self.get(contact_id)
        return self.update_contact(current.copy(stage=stage), f"moved {current.name} to {stage.label}")

    def snooze(self, contact_id: str, until: date | None) -> Contact:
        current = self.get(contact_id)
        label = f"snoozed {current.name} until {until}" if until else f"woke {current.name}"
        return self.update_contact(current.copy(snoozed_until=until), label)

    def archive(self, contact_id: str, archived: bool = True) -> Contact:
        current = self.get(contact_id)
        label = f"archived {current.name}" if archived else f"restored {current.name}"
        return self.update_contact(current.copy(archived=archived), label)

    def log(
        self,
        contact_id: str,
        kind: Kind,
        summary: str = "",
        *,
        at: datetime | None = None,
        value: Value | None = None,
    ) -> Interaction:
        if value is not None and kind not in (Kind.GAVE, Kind.RECEIVED):
            raise UserError("a value goes only with `gave` or `received` interactions")
        interaction = Interaction(
            id=new_id(), contact_id=contact_id, at=at or self.clock(), kind=kind,
            summary=summary.strip(), value=value,
        )
        contact = self.get(contact_id)
        with self.transaction(f"logged {kind.value} with {contact.name}") as txn:
            txn.require(contact_id)
            txn.put_interaction(interaction)
        return interaction

    # -- undo / redo

    def undo(self) -> Change:
        """Revert the session's last change; refuses if another process changed it since."""
        if not self.undo_stack:
            raise UserError("nothing to undo")
        change = self.undo_stack[-1]
        self._apply(change.inverse(f"undid: {change.label}"))
        self.redo_stack.append(self.undo_stack.pop())
        return change

    def redo(self) -> Change:
        if not self.redo_stack:
            raise UserError("nothing to redo")
        change = self.redo_stack[-1]
        self._apply(Change(f"redid: {change.label}", change.ops))
        self.undo_stack.append(self.redo_stack.pop())
        return change

    def _apply(self, change: Change) -> None:
        with self.transaction(change.label, record=False) as txn:
            for op in change.ops:
                current = txn._raw_get(op.table, op.contact_id, op.doc_id)
                if current != op.before:
                    raise UserError(
                        "that change was changed again by another trustboard since, "
                        "so it was left as it is"
                    )
            for op in change.ops:
                txn._raw_put(op.table, op.contact_id, op.doc_id, op.after)


class Transaction:
    """The changes of one locked read-change-write cycle (see `Store.transaction`)."""

    def __init__(self, store: Store, label: str) -> None:
        self.store = store
        self.label = label
        self.change: Change | None = None
        self._pending: dict[str, Tables] = {}
        self._dbs: dict[str, _ShardDB] = {}
        self._ops: dict[tuple[str, str], Op] = {}

    # plumbing used by _TxnStorage

    def _tables(self, rel: str) -> Tables:
        if rel in self._pending:
            return self._pending[rel]
        return self.store._cached(rel)

    def _db(self, rel: str) -> _ShardDB:
        db = self._dbs.get(rel)
        if db is None:
            db = _ShardDB(storage=_TxnStorage, txn=self, rel=rel)  # type: ignore[arg-type]
            self._dbs[rel] = db
        return db

    def _raw_get(self, table: str, contact_id: str, doc_id: str) -> dict[str, Any] | None:
        rel = _rel(table, shard_of(contact_id))
        return self._tables(rel).get(table, {}).get(doc_id)

    def _raw_put(
        self, table: str, contact_id: str, doc_id: str, doc: dict[str, Any] | None
    ) -> None:
        rel = _rel(table, shard_of(contact_id))
        before = self._raw_get(table, contact_id, doc_id)
        key = (table, doc_id)
        if key not in self._ops:
            self._ops[key] = Op(table, contact_id, doc_id, before, None)
        tinytable = self._db(rel).table(table, cache_size=0)
        if before is not None:
            tinytable.remove(doc_ids=[doc_id])
        if doc is not None:
            tinytable.insert(Document(doc, doc_id=doc_id))
        self._ops[key].after = doc

    # reads inside the transaction (see the latest state, including this one's changes)

    def get(self, contact_id: str) -> Contact | None:
        doc = self._raw_get(CONTACTS, contact_id, contact_id)
        return Contact.from_dict(doc) if doc is not None else None

    def require(self, contact_id: str) -> Contact:
        contact = self.get(contact_id)
        if contact is None:
            raise UserError(f"no contact with id {contact_id} (another session may have removed it)")
        return contact

    def contacts(self) -> list[Contact]:
        """Every contact, archived included, as of this transaction."""
        out = []
        for shard in range(SHARDS):
            rel = _rel(CONTACTS, f"{shard:02x}")
            if rel in self._pending:
                out.extend(Contact.from_dict(d) for d in self._pending[rel].get(CONTACTS, {}).values())
            else:
                self.store._cached(rel)
                out.extend(self.store._shard_contacts(rel).values())
        return out

    def interactions(self, contact_id: str) -> list[Interaction]:
        rel = _rel(INTERACTIONS, shard_of(contact_id))
        docs = self._tables(rel).get(INTERACTIONS, {})
        found = [Interaction.from_dict(d) for d in docs.values() if d.get("contact_id") == contact_id]
        found.sort(key=lambda i: i.at)
        return found

    # writes

    def put_contact(self, contact: Contact, *, touch: bool = True) -> None:
        """Insert or replace a contact (updated_at set to now unless touch=False)."""
        if touch:
            contact = contact.copy(updated_at=self.store.clock())
        self._raw_put(CONTACTS, contact.id, contact.id, contact.to_dict())

    def remove_contact(self, contact_id: str) -> None:
        """Delete a contact and its interactions (used by undo of an add, never by the UI)."""
        for interaction in self.interactions(contact_id):
            self._raw_put(INTERACTIONS, contact_id, interaction.id, None)
        self._raw_put(CONTACTS, contact_id, contact_id, None)

    def put_interaction(self, interaction: Interaction) -> None:
        """Insert or replace an interaction and keep the contact's last_interaction_at."""
        if not interaction.contact_id:
            raise UserError("an interaction must belong to a contact")
        self._raw_put(INTERACTIONS, interaction.contact_id, interaction.id, interaction.to_dict())
        self._sync_last_interaction(interaction.contact_id)

    def remove_interaction(self, contact_id: str, interaction_id: str) -> None:
        self._raw_put(INTERACTIONS, contact_id, interaction_id, None)
        self._sync_last_interaction(contact_id)

    def _sync_last_interaction(self, contact_id: str) -> None:
        doc = self._raw_get(CONTACTS, contact_id, contact_id)
        if doc is None:
            return
        latest = max((i.at for i in self.interactions(contact_id)), default=None)
        current = from_iso(doc.get("last_interaction_at"))
        if latest != current:
            updated = dict(doc)
            updated["last_interaction_at"] = latest.isoformat() if latest else None
            self._raw_put(CONTACTS, contact_id, contact_id, updated)

    # commit / abort

    def _commit(self) -> Change:
        ops = [op for op in self._ops.values() if op.before != op.after]
        if self._pending:
            self.store._write_files(self._pending)
        return Change(self.label, ops)

    def _abort(self) -> None:
        self._pending.clear()
